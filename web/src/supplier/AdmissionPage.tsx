import { useMemo, useState } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Popconfirm, Result, Skeleton, Space, Steps, Tag, Typography, Upload } from 'antd';
import { api } from '../shared/api';
import { FactsForm, ReviewHistory } from './components';
import { DOCUMENT_ACCEPT, documentProblem, formatBytes, postForm } from './lib';
import { DOCUMENT_KINDS, REQUIRED_KINDS, type DocumentKind, type SupplierDetail, type SupplierDocument, type SupplierFacts, type SupplierReview } from './types';
import { meKeys, supplierKeys } from '../shared/query-keys';
import { useLimits } from '../shared/limits';

/** The reason of the decision that put the supplier in its current state. */
function latestReason(reviews: SupplierReview[], decision: SupplierReview['decision']) {
  return reviews.find((r) => r.decision === decision)?.reason ?? '';
}

function StatusBanner({ s }: { s: SupplierDetail }) {
  const { t } = useTranslation('supplier');
  const navigate = useNavigate();
  switch (s.status) {
    case 'draft':
      return <Alert type="info" showIcon title={t('banner.draft')} description={t('banner.draftHint')} data-testid="status-banner" />;
    case 'submitted':
      return <Alert type="info" showIcon title={t('banner.submitted')} description={t('banner.submittedHint')} data-testid="status-banner" />;
    case 'more_info_requested':
      return <Alert type="warning" showIcon title={t('banner.more_info_requested')} description={t('banner.more_info_requestedHint', { reason: latestReason(s.reviews, 'request_info') })} data-testid="status-banner" />;
    case 'approved':
      return <Alert type="success" showIcon title={t('banner.approved')} description={t('banner.approvedHint')} data-testid="status-banner"
        action={<Button type="primary" onClick={() => navigate('/supplier/products')}>{t('banner.goProducts')}</Button>} />;
    case 'rejected':
      return <Alert type="error" showIcon title={t('banner.rejected')} description={t('banner.rejectedHint', { reason: latestReason(s.reviews, 'reject') })} data-testid="status-banner"
        action={<Button onClick={() => navigate('/supplier/apply')}>{t('banner.applyAgain')}</Button>} />;
    case 'suspended':
      return <Alert type="error" showIcon title={t('banner.suspended')} description={t('banner.suspendedHint', { reason: latestReason(s.reviews, 'suspend') })} data-testid="status-banner" />;
  }
}

function stepOf(s: SupplierDetail): { current: number; status: 'process' | 'error' | 'finish' } {
  switch (s.status) {
    case 'draft':
    case 'more_info_requested':
      return { current: REQUIRED_KINDS.every((k) => s.documents.some((d) => d.kind === k)) ? 2 : 1, status: 'process' };
    case 'submitted': return { current: 2, status: 'process' };
    case 'approved': return { current: 3, status: 'process' };
    case 'rejected': return { current: 2, status: 'error' };
    case 'suspended': return { current: 3, status: 'error' };
  }
}

export function AdmissionPage({ supplierId }: { supplierId: string }) {
  const { t } = useTranslation('supplier');
  const detail = useQuery({ queryKey: supplierKeys.detail(supplierId), queryFn: () => api<SupplierDetail>(`/api/suppliers/${supplierId}`) });

  if (detail.isPending) return <div className="supplier-panel"><Skeleton active paragraph={{ rows: 8 }} /></div>;
  if (detail.isError) {
    return <Result status="error" title={t('error', { ns: 'common' })} subTitle={detail.error.message}
      extra={<Button type="primary" onClick={() => detail.refetch()}>{t('retry', { ns: 'common' })}</Button>} />;
  }
  const s = detail.data;
  const step = stepOf(s);
  return (
    <div className="supplier-stack">
      <StatusBanner s={s} />
      <div className="supplier-panel">
        <Steps current={step.current} status={step.status} size="small"
          items={[{ title: t('apply.steps.facts') }, { title: t('apply.steps.documents') }, { title: t('apply.steps.review') }, { title: t('apply.steps.sell') }]} />
      </div>
      <div className="supplier-grid">
        <div className="supplier-stack">
          <DocumentsCard s={s} />
          <FactsCard s={s} />
        </div>
        <div className="supplier-stack">
          {s.editable && <SubmitCard s={s} />}
          <Card title={t('history.title')}><ReviewHistory reviews={s.reviews} /></Card>
        </div>
      </div>
    </div>
  );
}

function useSupplierUpdate(supplierId: string) {
  const queryClient = useQueryClient();
  return async (s: SupplierDetail) => {
    queryClient.setQueryData(supplierKeys.detail(supplierId), s);
    await queryClient.invalidateQueries({ queryKey: meKeys.all });
  };
}

function FactsCard({ s }: { s: SupplierDetail }) {
  const { t } = useTranslation('supplier');
  const { message } = App.useApp();
  const [error, setError] = useState<string | null>(null);
  const updated = useSupplierUpdate(s.id);
  const initial = useMemo<SupplierFacts>(() => ({
    companyName: s.companyName, creditCode: s.creditCode, contactName: s.contactName, contactPhone: s.contactPhone, address: s.address, region: s.region, description: s.description,
    // Re-seed the form only when another supplier is shown, not on every refetch.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }), [s.id]);
  const save = useMutation({
    mutationFn: (facts: SupplierFacts) => api<SupplierDetail>(`/api/suppliers/${s.id}`, { method: 'PATCH', body: facts }),
    onSuccess: async (d) => { await updated(d); message.success(t('saved')); },
    onError: (err) => setError(err.message),
  });
  if (s.editable) {
    return (
      <Card title={t('facts.title')} extra={<Typography.Text type="secondary">{t('facts.editHint')}</Typography.Text>}>
        <FactsForm initial={initial} submitLabel={t('save')} busy={save.isPending} error={error} onSubmit={(f) => { setError(null); save.mutate(f); }} />
      </Card>
    );
  }
  return (
    <Card title={t('facts.title')} extra={s.status === 'submitted' && <Typography.Text type="secondary">{t('facts.lockedHint')}</Typography.Text>}>
      <Descriptions column={1} size="small" items={[
        { key: 'name', label: t('apply.companyName'), children: s.companyName },
        { key: 'code', label: t('apply.creditCode'), children: <Typography.Text copyable style={{ fontFamily: 'monospace' }}>{s.creditCode}</Typography.Text> },
        { key: 'contact', label: t('apply.contactName'), children: `${s.contactName} · ${s.contactPhone}` },
        { key: 'address', label: t('apply.address'), children: s.address },
        { key: 'region', label: t('apply.region'), children: s.region },
        { key: 'desc', label: t('apply.description'), children: s.description || '—' },
      ]} />
    </Card>
  );
}

function DocumentRow({ doc, editable, onDelete, deleting }: { doc: SupplierDocument; editable: boolean; onDelete: () => void; deleting: boolean }) {
  const { t } = useTranslation('supplier');
  return (
    <div className="doc-file" data-testid="document">
      <Tag color={doc.contentType === 'application/pdf' ? 'red' : 'blue'} style={{ marginInlineEnd: 0 }}>{doc.contentType === 'application/pdf' ? t('documents.pdf') : t('documents.image')}</Tag>
      <span className="doc-file-name" title={doc.originalName}>{doc.title}<span className="cell-sub"> · {doc.originalName}</span></span>
      <span className="doc-file-meta">{formatBytes(doc.sizeBytes)}</span>
      <a href={doc.url} target="_blank" rel="noreferrer">{t('documents.open')}</a>
      {editable && (
        <Popconfirm title={t('documents.deleteConfirm', { name: doc.title })} onConfirm={onDelete} okButtonProps={{ danger: true }}>
          <Button type="link" danger size="small" loading={deleting}>{t('documents.delete')}</Button>
        </Popconfirm>
      )}
    </div>
  );
}

function DocumentsCard({ s }: { s: SupplierDetail }) {
  const { t } = useTranslation('supplier');
  const maxBytes = useLimits().files.documentBytes;
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const refresh = () => queryClient.invalidateQueries({ queryKey: supplierKeys.detail(s.id) });

  const upload = useMutation({
    mutationFn: ({ kind, file }: { kind: DocumentKind; file: File }) => {
      const form = new FormData();
      form.append('kind', kind);
      // Licences are named by their kind; certificates and others by their file name.
      form.append('title', REQUIRED_KINDS.includes(kind) ? t(`kind.${kind}`) : file.name.replace(/\.[^.]+$/, '').slice(0, 60) || t(`kind.${kind}`));
      form.append('file', file, file.name);
      return postForm<SupplierDocument>(`/api/suppliers/${s.id}/documents`, form);
    },
    onSuccess: async (doc) => { setError(null); await refresh(); message.success(t('documents.uploaded', { name: doc.originalName })); },
    onError: (err, v) => { const text = t('documents.failed', { name: v.file.name, message: err.message }); setError(text); message.error(text); },
  });
  const remove = useMutation({
    mutationFn: (doc: SupplierDocument) => api(`/api/suppliers/${s.id}/documents/${doc.id}`, { method: 'DELETE' }),
    onSuccess: async () => { await refresh(); message.success(t('documents.deleted')); },
    onError: (err) => { setError(err.message); message.error(err.message); },
  });

  const picker = (kind: DocumentKind, hasAny: boolean) => (
    <Upload
      accept={DOCUMENT_ACCEPT}
      showUploadList={false}
      multiple={false}
      beforeUpload={(file) => {
        const problem = documentProblem(file, maxBytes);
        if (problem) {
          const text = t(`documents.${problem}`, { name: file.name, size: formatBytes(file.size) });
          setError(text);
          message.error(text);
          return Upload.LIST_IGNORE;
        }
        return true;
      }}
      customRequest={({ file, onSuccess, onError }) => {
        upload.mutate({ kind, file: file as File }, { onSuccess: (d) => onSuccess?.(d), onError: (e) => onError?.(e) });
      }}
    >
      <Button size="small" type={hasAny ? 'default' : 'primary'} loading={upload.isPending && upload.variables?.kind === kind} data-testid={`upload-${kind}`}>
        {hasAny ? t('documents.uploadMore') : t('documents.upload')}
      </Button>
    </Upload>
  );

  return (
    <Card title={t('documents.title')}>
      <Typography.Paragraph type="secondary" style={{ fontSize: 13, marginTop: -4 }}>{t('documents.hint')}</Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} closable={{ onClose: () => setError(null) }} style={{ marginBottom: 12 }} role="alert" data-testid="document-error" />}
      {DOCUMENT_KINDS.map((kind) => {
        const docs = s.documents.filter((d) => d.kind === kind);
        const required = REQUIRED_KINDS.includes(kind);
        if (!s.editable && !required && docs.length === 0) return null;
        return (
          <div className="doc-kind" key={kind} data-testid={`kind-${kind}`}>
            <div className="doc-kind-head">
              <div>
                <span className="doc-kind-title">{t(`kind.${kind}`)}</span>{' '}
                {required ? <Tag color={docs.length ? 'success' : 'error'}>{t('required')}</Tag> : <Tag>{t('optional')}</Tag>}
                <div className="doc-kind-hint">{t(`kindHint.${kind}`)}</div>
              </div>
              {s.editable && picker(kind, docs.length > 0)}
            </div>
            {docs.map((d) => <DocumentRow key={d.id} doc={d} editable={s.editable} onDelete={() => remove.mutate(d)} deleting={remove.isPending && remove.variables?.id === d.id} />)}
            {docs.length === 0 && required && !s.editable && <div className="cell-sub" style={{ marginTop: 6 }}>{t('documents.notUploaded')}</div>}
          </div>
        );
      })}
    </Card>
  );
}

function SubmitCard({ s }: { s: SupplierDetail }) {
  const { t } = useTranslation('supplier');
  const { message, modal } = App.useApp();
  const updated = useSupplierUpdate(s.id);
  const [error, setError] = useState<string | null>(null);
  const missing = REQUIRED_KINDS.filter((k) => !s.documents.some((d) => d.kind === k));
  const submit = useMutation({
    mutationFn: () => api<SupplierDetail>(`/api/suppliers/${s.id}/submit`, { method: 'POST' }),
    onSuccess: async (d) => { setError(null); await updated(d); message.success(t('submit.done')); },
    onError: (err) => setError(err.message),
  });
  const confirm = () => modal.confirm({
    title: t('submit.confirmTitle'), content: t('submit.confirmBody'), okText: t('submit.button'), cancelText: t('cancel'),
    onOk: () => submit.mutateAsync().catch(() => undefined),
  });
  return (
    <Card title={s.status === 'more_info_requested' ? t('submit.resubmit') : t('submit.button')}>
      <ul className="checklist">
        {REQUIRED_KINDS.map((k) => {
          const ok = !missing.includes(k);
          return <li key={k} className={ok ? 'ok' : 'missing'}><span aria-hidden="true">{ok ? '✓' : '✗'}</span><span>{t(`kind.${k}`)}</span></li>;
        })}
      </ul>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} role="alert" />}
      {missing.length > 0 && <Typography.Paragraph type="secondary">{t('submit.missing', { kinds: missing.map((k) => t(`kind.${k}`)).join('、') })}</Typography.Paragraph>}
      <Space>
        <Button type="primary" disabled={missing.length > 0} loading={submit.isPending} onClick={confirm} data-testid="submit-application">
          {s.status === 'more_info_requested' ? t('submit.resubmit') : t('submit.button')}
        </Button>
      </Space>
    </Card>
  );
}
