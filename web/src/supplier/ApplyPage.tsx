import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Steps } from 'antd';
import { api } from '../shared/api';
import { FactsForm } from './components';
import type { SupplierDetail, SupplierFacts } from './types';
import { meKeys, supplierKeys } from '../shared/query-keys';

/** A logged-in account without a supplier applies: the application starts as a draft. */
export function ApplyPage({ isOperator }: { isOperator: boolean }) {
  const { t } = useTranslation('supplier');
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const apply = useMutation({
    mutationFn: (facts: SupplierFacts) => api<SupplierDetail>('/api/suppliers', { body: facts }),
    onSuccess: async (s) => {
      queryClient.setQueryData(supplierKeys.detail(s.id), s);
      await queryClient.invalidateQueries({ queryKey: meKeys.all });
      message.success(t('apply.created'));
      navigate('/supplier', { replace: true });
    },
    onError: (err) => setError(err.message),
  });
  return (
    <div className="supplier-panel supplier-apply">
      <h1>{t('apply.title')}</h1>
      <p style={{ color: '#666', marginTop: 0 }}>{t('apply.intro')}</p>
      {isOperator && <Alert type="info" showIcon title={t('apply.operatorHint')} action={<a href="/console/suppliers">{t('apply.operatorLink')}</a>} style={{ marginBottom: 16 }} />}
      <Steps current={0} size="small" style={{ margin: '20px 0 28px' }}
        items={[{ title: t('apply.steps.facts') }, { title: t('apply.steps.documents') }, { title: t('apply.steps.review') }, { title: t('apply.steps.sell') }]} />
      <FactsForm submitLabel={t('apply.create')} busy={apply.isPending} error={error} onSubmit={(f) => { setError(null); apply.mutate(f); }} />
    </div>
  );
}
