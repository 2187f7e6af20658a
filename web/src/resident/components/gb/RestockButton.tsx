import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Toast } from 'antd-mobile';
import { api, ApiError } from '../../../shared/api';
import { morningKeys } from '../../../shared/query-keys';
import type { components } from '../../../shared/api-types';

type Alert = components['schemas']['RestockAlert'];

/** 到货提醒 on a sold-out item: ask to be told when it is restocked, or cancel. */
export function RestockButton({ itemId }: { itemId: string }) {
  const { t } = useTranslation('morning');
  const qc = useQueryClient();
  const alert = useQuery({ queryKey: morningKeys.alert(itemId), queryFn: () => api<Alert>(`/api/group-buy-items/${itemId}/restock-alert`), retry: false });
  const change = useMutation({
    mutationFn: (on: boolean) => api<Alert>(`/api/group-buy-items/${itemId}/restock-alert`, { method: on ? 'POST' : 'DELETE' }),
    onSuccess: (res) => {
      Toast.show({ content: res.status === 'waiting' ? t('search.subscribed') : t('search.cancelled') });
      qc.setQueryData(morningKeys.alert(itemId), res);
      void qc.invalidateQueries({ queryKey: morningKeys.all });
    },
    onError: (err) => Toast.show({ content: err instanceof ApiError ? err.message : String(err), duration: 3000 }),
  });
  if (!alert.data) return null;
  return alert.data.status === 'waiting' ? (
    <div className="r-search-alert on">
      <span>✓ {t('search.notifying')}</span>
      <Button size="small" fill="none" loading={change.isPending} onClick={() => change.mutate(false)} data-testid="restock-cancel">{t('search.cancelNotify')}</Button>
    </div>
  ) : (
    <Button block size="large" color="warning" fill="outline" loading={change.isPending} onClick={() => change.mutate(true)} data-testid="restock-alert" style={{ marginTop: 10 }}>{t('search.notifyMe')}</Button>
  );
}
