import { useMemo, useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Badge, Button, Drawer, Empty, Form, Input, Modal, Skeleton, Space, Table, Tabs, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { api } from '../shared/api';
import { BATCH_STATUSES, type BatchDetail, type BatchItem, type BatchStatus, type SupplyProduct } from '../supplier/supply-types';
import { formatDate, formatDateTime, latestInspection } from '../supplier/supply-lib';
import { BatchFacts, BatchStatusCell, BatchStatusTag, InspectionTable, LatestInspectionTag, LogisticsTimeline, TraceBox } from '../supplier/supply-components';
import { batchKeys, productKeys } from '../shared/query-keys';

type Decision = 'approve' | 'reject';

/** 批次审核: operators clear a batch for sale on a passing latest inspection, or reject it with a reason. */
export function BatchesReviewPage() {
  const { t, i18n } = useTranslation('supply');
  const [status, setStatus] = useState<BatchStatus>('pending');
  const [search, setSearch] = useState('');
  const [openId, setOpenId] = useState<string | null>(null);
  const list = useQuery({ queryKey: batchKeys.review(status), queryFn: () => api<{ items: BatchItem[] }>(`/api/batches?status=${status}`) });
  const pending = useQuery({ queryKey: batchKeys.review('pending'), queryFn: () => api<{ items: BatchItem[] }>('/api/batches?status=pending') });
  const products = useQuery({ queryKey: productKeys.list(), queryFn: () => api<{ items: SupplyProduct[] }>('/api/products') });
  const productOf = useMemo(() => new Map((products.data?.items ?? []).map((p) => [p.id, p])), [products.data]);

  const q = search.trim().toLowerCase();
  const rows = (list.data?.items ?? []).filter((b) => !q || [b.productName, b.supplierName ?? '', b.code, b.sourcePlace].some((s) => s.toLowerCase().includes(q)));

  const columns: ColumnsType<BatchItem> = [
    {
      title: t('batch.product'), key: 'product', width: 190,
      render: (_, b) => <><Typography.Text strong>{b.productName}</Typography.Text><div className="cell-sub supply-code">{b.code}</div></>,
    },
    { title: t('batch.supplier'), dataIndex: 'supplierName', ellipsis: true, render: (s: string | null) => s ?? t('none') },
    {
      title: t('batch.producedAndPlace'), key: 'produced', width: 180,
      render: (_, b) => <><span className="supply-num supply-nowrap">{formatDateTime(b.producedAt, i18n.language)}</span><div className="cell-sub supply-ellipsis" title={b.sourcePlace}>{b.sourcePlace}</div></>,
    },
    {
      title: t('batch.quantity'), dataIndex: 'quantity', width: 90, align: 'right',
      render: (n: number, b) => <span className="supply-num">{n.toLocaleString()}{productOf.get(b.productId)?.unit && <span className="cell-sub"> {productOf.get(b.productId)!.unit}</span>}</span>,
    },
    {
      title: t('batch.inspection'), key: 'inspection', width: 120,
      render: (_, b) => {
        const latest = latestInspection(b);
        return <><LatestInspectionTag batch={b} />{latest && <a href={latest.reportUrl} target="_blank" rel="noreferrer" className="supply-small-link">{t('inspections.openReport')}</a>}</>;
      },
    },
    status === 'pending'
      ? { title: t('batch.createdAt'), dataIndex: 'createdAt', width: 150, render: (v: string) => <span className="supply-num">{formatDateTime(v, i18n.language)}</span> }
      : { title: t('batch.status'), key: 'status', width: 200, render: (_, b) => <><BatchStatusCell batch={b} />{b.reviewedAt && <div className="supply-time">{t('review.reviewedBy', { at: formatDate(b.reviewedAt, i18n.language) })}</div>}</> },
    {
      title: t('actions'), key: 'actions', width: 80, fixed: 'right',
      render: (_, b) => <Button type="link" size="small" onClick={() => setOpenId(b.id)} data-testid="open-batch">{b.status === 'pending' ? t('review.review') : t('view')}</Button>,
    },
  ];

  const pendingCount = pending.data?.items.length ?? 0;
  return (
    <div className="console-panel">
      <div className="console-toolbar">
        <h2>{t('review.title')}</h2>
        <Input.Search allowClear placeholder={t('review.search')} value={search} onChange={(e) => setSearch(e.target.value)} style={{ width: 280 }} data-testid="batch-search" />
      </div>
      <Typography.Paragraph type="secondary">{t('review.hint')}</Typography.Paragraph>
      <Tabs
        activeKey={status}
        onChange={(k) => setStatus(k as BatchStatus)}
        items={BATCH_STATUSES.map((s) => ({
          key: s,
          label: (
            <span data-testid={`batch-tab-${s}`}>
              {t(`batchStatus.${s}`)}{' '}
              {s === 'pending' && <Badge count={pendingCount} showZero={false} color="#e8590c" overflowCount={999} />}
            </span>
          ),
        }))}
      />
      {list.isError ? (
        <Alert type="error" showIcon title={list.error.message} action={<Button onClick={() => list.refetch()}>{t('retry')}</Button>} />
      ) : (
        <Table<BatchItem>
          rowKey="id" loading={list.isPending} dataSource={rows} columns={columns} scroll={{ x: 1010 }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          onRow={(b) => ({ 'data-testid': 'batch-row', onDoubleClick: () => setOpenId(b.id) } as HTMLAttributes<HTMLElement>)}
          locale={{ emptyText: <Empty description={q ? t('batches.emptyFiltered') : t(`review.empty.${status}`)} /> }}
        />
      )}
      <ReviewDrawer id={openId} unitOf={(productId) => productOf.get(productId)?.unit} onClose={() => setOpenId(null)} />
    </div>
  );
}

function ReviewDrawer({ id, unitOf, onClose }: { id: string | null; unitOf: (productId: string) => string | undefined; onClose: () => void }) {
  const { t, i18n } = useTranslation('supply');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [deciding, setDeciding] = useState<Decision | null>(null);
  const [note, setNote] = useState('');
  const [noteError, setNoteError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const detail = useQuery({ queryKey: batchKeys.detail(id), queryFn: () => api<BatchDetail>(`/api/batches/${id}`), enabled: !!id });
  const b = detail.data;

  const decide = useMutation({
    mutationFn: (v: { decision: Decision; note: string }) => api<BatchItem>(`/api/batches/${id}/review`, { body: v }),
    onSuccess: async (_, v) => {
      await queryClient.invalidateQueries({ queryKey: batchKeys.detail(id) });
      await queryClient.invalidateQueries({ queryKey: batchKeys.lists() });
      message.success(t(v.decision === 'approve' ? 'review.approved' : 'review.rejected', { code: b?.code }));
      setDeciding(null);
      setError(null);
    },
    // The server's word (e.g. no passing latest inspection) is shown where the operator is looking.
    onError: (err) => { setError(err.message); setDeciding(null); void detail.refetch(); },
  });

  const start = (d: Decision) => { setDeciding(d); setNote(''); setNoteError(null); setError(null); };
  const submit = () => {
    if (!deciding) return;
    if (deciding === 'reject' && !note.trim()) { setNoteError(t('review.reasonRequired')); return; }
    decide.mutate({ decision: deciding, note: note.trim() });
  };

  const latest = b ? latestInspection(b) : null;
  return (
    <Drawer
      title={b ? <Space wrap><span>{b.productName}</span><span className="supply-code cell-sub">{b.code}</span><BatchStatusTag status={b.status} /></Space> : t('review.title')}
      open={!!id} onClose={() => { setError(null); onClose(); }} size={720} destroyOnHidden
      footer={b?.status === 'pending' && (
        <Space style={{ display: 'flex', justifyContent: 'flex-end' }}>
          <Button danger onClick={() => start('reject')} data-testid="batch-review-reject">{t('review.reject')}</Button>
          <Button type="primary" onClick={() => start('approve')} data-testid="batch-review-approve">{t('review.approve')}</Button>
        </Space>
      )}
    >
      {detail.isPending && <Skeleton active paragraph={{ rows: 10 }} />}
      {detail.isError && <Alert type="error" showIcon title={detail.error.message} />}
      {b && (
        <>
          {error && <Alert type="error" showIcon title={error} role="alert" style={{ marginBottom: 16 }} closable={{ onClose: () => setError(null) }} data-testid="review-error" />}
          {b.status === 'pending' && !error && (
            !latest ? <Alert type="warning" showIcon title={t('review.warnNoInspection')} />
              : latest.result === 'fail' ? <Alert type="error" showIcon title={t('review.warnFailed')} />
                : <Alert type="info" showIcon title={t('review.okLatest', { lab: latest.lab, date: formatDate(latest.inspectedAt, i18n.language) })} />
          )}
          <section className="supply-section"><BatchFacts batch={b} unit={unitOf(b.productId)} showSupplier /></section>
          <section className="supply-section">
            <Typography.Title level={5}>{t('detail.inspections')}</Typography.Title>
            <InspectionTable inspections={b.inspections} />
          </section>
          <section className="supply-section">
            <Typography.Title level={5}>{t('detail.logistics')}</Typography.Title>
            <LogisticsTimeline events={b.logistics} />
          </section>
          {b.status === 'approved' && (
            <section className="supply-section">
              <Typography.Title level={5}>{t('detail.trace')}</Typography.Title>
              <TraceBox code={b.code} />
            </section>
          )}
        </>
      )}
      <Modal
        open={!!deciding}
        title={deciding && b ? t(deciding === 'approve' ? 'review.approveTitle' : 'review.rejectTitle', { code: b.code }) : ''}
        okText={deciding === 'reject' ? t('review.reject') : t('review.approve')}
        okButtonProps={{ danger: deciding === 'reject', loading: decide.isPending, ...({ 'data-testid': 'review-ok' } as object) }}
        cancelText={t('cancel')}
        onOk={submit}
        onCancel={() => setDeciding(null)}
        destroyOnHidden
      >
        {deciding === 'approve' && <Typography.Paragraph type="secondary">{t('review.approveBody')}</Typography.Paragraph>}
        <Form layout="vertical">
          <Form.Item
            label={deciding === 'reject' ? t('review.reason') : t('review.noteOptional')} required={deciding === 'reject'}
            validateStatus={noteError ? 'error' : undefined} help={noteError ?? undefined}
          >
            <Input.TextArea rows={3} maxLength={500} showCount value={note} autoFocus data-testid="review-note"
              placeholder={deciding === 'reject' ? t('review.reasonPlaceholder') : t('review.notePlaceholder')}
              onChange={(e) => { setNote(e.target.value); if (e.target.value.trim()) setNoteError(null); }} />
          </Form.Item>
        </Form>
      </Modal>
    </Drawer>
  );
}
