import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Checkbox, Dialog, Popup } from 'antd-mobile';
import { api } from '../../shared/api';
import { handoverKeys, leaderOrderKeys } from '../../shared/query-keys';
import { ActionError, Icon, errorMessage } from '../components';
import type { Arrivals, LeaderOrderFilters } from './model';

const sheetStyle = { borderTopLeftRadius: 12, borderTopRightRadius: 12 };

/** Downloads of the filtered list (or the selection): .xlsx and CSV, plain links with his session. */
export function ExportSheet({ open, onClose, communityId, query, what }: { open: boolean; onClose: () => void; communityId: string; query: string; what: string }) {
  const { t } = useTranslation('leaderOrders');
  const href = (format: 'xlsx' | 'csv') => `/api/communities/${communityId}/leader-orders.${format}${query ? `?${query}` : ''}`;
  return (
    <Popup visible={open} onMaskClick={onClose} bodyStyle={sheetStyle}>
      <div className="lo-sheet" data-testid="export-sheet">
        <h3>{t('exportSheet.title')}</h3>
        <div className="hint">{t('exportSheet.hint', { what })}</div>
        <a className="lo-download" href={href('xlsx')} download data-testid="export-xlsx"><Icon.download /> {t('exportSheet.xlsx')}</a>
        <a className="lo-download" href={href('csv')} download data-testid="export-csv"><Icon.download /> {t('exportSheet.csv')}</a>
        <Button block onClick={onClose} style={{ minHeight: 48 }}>{t('exportSheet.close')}</Button>
      </div>
    </Popup>
  );
}

/**
 * Marks several group buys arrived in one request: those with a delivery waiting for his receipt
 * are offered (the ones of his selected orders ticked), he confirms, and sees what happened to each.
 */
export function ArrivalSheet({ open, onClose, communityId, options, preselect }: {
  open: boolean; onClose: () => void; communityId: string; options: LeaderOrderFilters | undefined; preselect: string[];
}) {
  const { t } = useTranslation('leaderOrders');
  const qc = useQueryClient();
  const waiting = (options?.groupBuys ?? []).filter((g) => g.awaitingReceipt);
  const [ticked, setTicked] = useState<string[]>([]);
  const [result, setResult] = useState<Arrivals | null>(null);
  useEffect(() => {
    if (open) { setTicked(waiting.filter((g) => preselect.includes(g.id)).map((g) => g.id)); setResult(null); }
  }, [open]); // eslint-disable-line react-hooks/exhaustive-deps

  const arrive = useMutation({
    mutationFn: (groupBuyIds: string[]) => api<Arrivals>(`/api/communities/${communityId}/leader-orders/arrival`, { body: { groupBuyIds } }),
    onSuccess: (data) => {
      setResult(data);
      void qc.invalidateQueries({ queryKey: leaderOrderKeys.community(communityId) });
      void qc.invalidateQueries({ queryKey: handoverKeys.community(communityId) });
    },
  });
  const confirm = async () => {
    const ok = await Dialog.confirm({ title: t('arrival.confirmTitle'), content: t('arrival.confirmBody'), confirmText: t('arrival.ok'), cancelText: t('arrival.cancel') });
    if (ok) arrive.mutate(ticked);
  };

  return (
    <Popup visible={open} onMaskClick={onClose} bodyStyle={sheetStyle} destroyOnClose>
      <div className="lo-sheet" data-testid="arrival-sheet">
        <h3>{result ? t('arrival.result') : t('arrival.title')}</h3>
        {result ? (
          <>
            <ul className="lo-result" data-testid="arrival-result">
              {result.items.map((r) => (
                <li key={r.groupBuyId} className={r.outcome === 'failed' ? 'failed' : ''}>
                  <b>{r.title}</b>
                  {t(`arrival.outcome.${r.outcome}`, { ready: r.readyLines, message: r.error?.message ?? '' })}
                </li>
              ))}
            </ul>
            <Button block color="primary" onClick={onClose} style={{ minHeight: 48, marginTop: 12 }}>{t('arrival.close')}</Button>
          </>
        ) : (
          <>
            <div className="hint">{t('arrival.hint')}</div>
            {waiting.length === 0 ? <div className="hint" data-testid="arrival-none">{t('arrival.none')}</div> : (
              <Checkbox.Group value={ticked} onChange={(v) => setTicked(v as string[])}>
                <div className="lo-arrival-list">
                  {waiting.map((g) => <Checkbox key={g.id} value={g.id} data-testid="arrival-option">{g.title}</Checkbox>)}
                </div>
              </Checkbox.Group>
            )}
            <ActionError message={arrive.isError ? errorMessage(arrive.error) : null} />
            <div className="lo-sheet-actions">
              <Button onClick={onClose}>{t('arrival.cancel')}</Button>
              <Button color="primary" disabled={ticked.length === 0} loading={arrive.isPending} onClick={confirm} data-testid="arrival-confirm">{t('arrival.confirm', { count: ticked.length })}</Button>
            </div>
          </>
        )}
      </div>
    </Popup>
  );
}
