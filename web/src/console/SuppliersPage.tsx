import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Badge, Button, Descriptions, Drawer, Empty, Form, Input, Modal, Skeleton, Space, Table, Tabs, Tag, Timeline, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { api } from '../shared/api';
import { formatBytes, formatDateTime, STATUS_COLORS } from '../supplier/lib';
import { DOCUMENT_KINDS, REQUIRED_KINDS, type SupplierDetail, type SupplierQueueItem, type SupplierReview, type SupplierStatus } from '../supplier/types';
import { productKeys, supplierKeys } from '../shared/query-keys';

type Decision = 'approve' | 'reject' | 'request_info' | 'suspend' | 'reinstate';
type Queue = { items: SupplierQueueItem[]; counts: Record<SupplierStatus, number> };

/** Tabs in the order an operator works through them: the queue first. */
const TAB_ORDER: SupplierStatus[] = ['submitted', 'more_info_requested', 'approved', 'suspended', 'rejected', 'draft'];

export function SuppliersPage() {
  const { t, i18n } = useTranslation('console');
  const [status, setStatus] = useState<SupplierStatus>('submitted');
  const [openId, setOpenId] = useState<string | null>(null);
  const queue = useQuery({ queryKey: supplierKeys.list(status), queryFn: () => api<Queue>(`/api/suppliers?status=${status}`) });
  const counts = queue.data?.counts;

  const columns: ColumnsType<SupplierQueueItem> = [
    {
      title: t('suppliers.company'), key: 'company', width: 190,
      render: (_, s) => <><Typography.Text strong>{s.companyName}</Typography.Text><div className="cell-sub" style={{ fontFamily: 'monospace', whiteSpace: 'nowrap' }}>{s.creditCode}</div></>,
    },
    { title: t('suppliers.region'), dataIndex: 'region', width: 100 },
    { title: t('suppliers.contact'), key: 'contact', width: 130, render: (_, s) => <>{s.contactName}<div className="cell-sub">{s.contactPhone}</div></> },
    {
      title: t('suppliers.documents'), key: 'docs', width: 190,
      render: (_, s) => (
        <Space size={[4, 4]} wrap>
          {DOCUMENT_KINDS.map((k) => {
            const n = s.documents.filter((d) => d.kind === k).length;
            if (!n && !REQUIRED_KINDS.includes(k)) return null;
            return <Tag key={k} color={n ? 'success' : 'error'}>{t(`suppliers.kind.${k}`)}{n > 1 ? ` ×${n}` : ''}</Tag>;
          })}
        </Space>
      ),
    },
    {
      title: status === 'draft' ? t('suppliers.createdAt') : t('suppliers.submittedAt'), key: 'at', width: 140,
      render: (_, s) => formatDateTime(s.submittedAt ?? s.createdAt, i18n.language),
    },
    {
      title: t('suppliers.lastDecision'), key: 'last', width: 190,
      render: (_, s) => s.lastReview ? (
        <>
          {t(`suppliers.decision.${s.lastReview.decision}`)}
          {s.lastReview.reason && <Typography.Paragraph className="cell-sub" ellipsis={{ rows: 2, tooltip: s.lastReview.reason }} style={{ margin: 0 }}>{s.lastReview.reason}</Typography.Paragraph>}
        </>
      ) : '—',
    },
    {
      title: t('actions'), key: 'actions', width: 96, fixed: 'right',
      render: (_, s) => <Button type="link" size="small" onClick={() => setOpenId(s.id)} data-testid="open-supplier">{s.status === 'submitted' ? t('suppliers.review') : t('suppliers.view')}</Button>,
    },
  ];

  return (
    <div className="console-panel">
      <div className="console-toolbar">
        <h2>{t('suppliers.title')}</h2>
        <Typography.Text type="secondary">{t('suppliers.hint')}</Typography.Text>
      </div>
      <Tabs
        activeKey={status}
        onChange={(k) => setStatus(k as SupplierStatus)}
        items={TAB_ORDER.map((s) => ({
          key: s,
          label: (
            <span data-testid={`tab-${s}`}>
              {t(`suppliers.status.${s}`)}{' '}
              {counts && <Badge count={counts[s]} showZero={false} color={s === 'submitted' ? '#e8590c' : '#bfbfbf'} overflowCount={999} />}
            </span>
          ),
        }))}
      />
      {queue.isError ? (
        <Alert type="error" showIcon title={queue.error.message} action={<Button onClick={() => queue.refetch()}>{t('retry', { ns: 'common' })}</Button>} />
      ) : (
        <Table<SupplierQueueItem>
          rowKey="id" loading={queue.isPending} dataSource={queue.data?.items ?? []} columns={columns} scroll={{ x: 1040 }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          onRow={(s) => ({ onDoubleClick: () => setOpenId(s.id) })}
          locale={{ emptyText: <Empty description={t(`suppliers.empty.${status}`)} /> }}
        />
      )}
      <SupplierDrawer id={openId} onClose={() => setOpenId(null)} />
    </div>
  );
}

function History({ reviews }: { reviews: SupplierReview[] }) {
  const { t, i18n } = useTranslation('console');
  if (!reviews.length) return <Typography.Text type="secondary">{t('suppliers.noHistory')}</Typography.Text>;
  const color = (d: SupplierReview['decision']) => (d === 'approve' || d === 'reinstate' ? 'green' : d === 'reject' || d === 'suspend' ? 'red' : d === 'request_info' ? 'orange' : 'blue');
  return (
    <Timeline items={reviews.map((r) => ({
      key: r.id, color: color(r.decision),
      content: (
        <div>
          <Typography.Text strong>{t(`suppliers.decision.${r.decision}`)}</Typography.Text>
          <span className="cell-sub"> · {t(`suppliers.status.${r.fromStatus}`)} → {t(`suppliers.status.${r.toStatus}`)}</span>
          {r.reason && <div style={{ whiteSpace: 'pre-wrap' }}>{r.reason}</div>}
          <div className="cell-sub">{formatDateTime(r.createdAt, i18n.language)} · {r.actorName || (r.byOperator ? t('suppliers.operator') : t('suppliers.supplier'))}</div>
        </div>
      ),
    }))} />
  );
}

/** The decisions an operator may take from each status (the server enforces the same). */
const ACTIONS: Partial<Record<SupplierStatus, Decision[]>> = {
  submitted: ['approve', 'request_info', 'reject'],
  approved: ['suspend'],
  suspended: ['reinstate'],
};
const REASON_REQUIRED: Decision[] = ['reject', 'request_info', 'suspend'];

function SupplierDrawer({ id, onClose }: { id: string | null; onClose: () => void }) {
  const { t, i18n } = useTranslation('console');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [deciding, setDeciding] = useState<Decision | null>(null);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const detail = useQuery({ queryKey: supplierKeys.detail(id), queryFn: () => api<SupplierDetail>(`/api/suppliers/${id}`), enabled: !!id });

  const decide = useMutation({
    mutationFn: (v: { decision: Decision; reason: string }) => api<SupplierDetail & { productsDeactivated: number }>(`/api/suppliers/${id}/review`, { body: v }),
    onSuccess: async (d, v) => {
      queryClient.setQueryData(supplierKeys.detail(id), d);
      await queryClient.invalidateQueries({ queryKey: supplierKeys.all });
      await queryClient.invalidateQueries({ queryKey: productKeys.all });
      message.success(v.decision === 'suspend' ? t('suppliers.done.suspend', { name: d.companyName, n: d.productsDeactivated }) : t(`suppliers.done.${v.decision}`, { name: d.companyName }));
      setDeciding(null);
      setError(null);
    },
    onError: (err) => { setError(err.message); setDeciding(null); },
  });

  const start = (decision: Decision) => {
    setReason('');
    setReasonError(null);
    setError(null);
    setDeciding(decision);
    // The supplier may have changed since the drawer opened (new products, documents): decide on fresh facts.
    void detail.refetch();
  };
  const confirm = () => {
    if (!deciding) return;
    if (REASON_REQUIRED.includes(deciding) && !reason.trim()) { setReasonError(t('suppliers.reasonRequired')); return; }
    decide.mutate({ decision: deciding, reason: reason.trim() });
  };

  const s = detail.data;
  const actions = s ? ACTIONS[s.status] ?? [] : [];
  return (
    <Drawer
      title={s ? <Space>{s.companyName}<Tag color={STATUS_COLORS[s.status]} data-testid="drawer-status">{t(`suppliers.status.${s.status}`)}</Tag></Space> : t('suppliers.title')}
      open={!!id} onClose={onClose} size={640} destroyOnHidden
      footer={actions.length > 0 && (
        <Space style={{ display: 'flex', justifyContent: 'flex-end' }}>
          {actions.map((a) => (
            <Button key={a} type={a === 'approve' || a === 'reinstate' ? 'primary' : 'default'} danger={a === 'reject' || a === 'suspend'}
              onClick={() => start(a)} data-testid={`decide-${a}`}>{t(`suppliers.action.${a}`)}</Button>
          ))}
        </Space>
      )}
    >
      {detail.isPending && <Skeleton active paragraph={{ rows: 10 }} />}
      {detail.isError && <Alert type="error" showIcon title={detail.error.message} />}
      {s && (
        <Space orientation="vertical" size="large" style={{ width: '100%' }}>
          {error && <Alert type="error" showIcon title={error} role="alert" closable={{ onClose: () => setError(null) }} />}
          <Descriptions column={2} size="small" bordered items={[
            { key: 'name', label: t('suppliers.company'), span: 2, children: s.companyName },
            { key: 'code', label: t('suppliers.creditCode'), span: 2, children: <Typography.Text copyable style={{ fontFamily: 'monospace' }}>{s.creditCode}</Typography.Text> },
            { key: 'contact', label: t('suppliers.contact'), children: s.contactName },
            { key: 'phone', label: t('suppliers.phone'), children: s.contactPhone },
            { key: 'region', label: t('suppliers.region'), children: s.region },
            { key: 'products', label: t('suppliers.products'), children: t('suppliers.productStats', { total: s.productStats.total, active: s.productStats.active }) },
            { key: 'address', label: t('suppliers.address'), span: 2, children: s.address },
            { key: 'desc', label: t('suppliers.description'), span: 2, children: <span style={{ whiteSpace: 'pre-wrap' }}>{s.description || '—'}</span> },
            { key: 'created', label: t('suppliers.createdAt'), children: formatDateTime(s.createdAt, i18n.language) },
            { key: 'submitted', label: t('suppliers.submittedAt'), children: s.submittedAt ? formatDateTime(s.submittedAt, i18n.language) : '—' },
          ]} />
          <div>
            <Typography.Title level={5}>{t('suppliers.documents')}</Typography.Title>
            {REQUIRED_KINDS.filter((k) => !s.documents.some((d) => d.kind === k)).map((k) => (
              <Alert key={k} type="warning" showIcon title={t('suppliers.missingKind', { kind: t(`suppliers.kind.${k}`) })} style={{ marginBottom: 8 }} />
            ))}
            {s.documents.length === 0 ? <Typography.Text type="secondary">{t('suppliers.noDocuments')}</Typography.Text> : (
              <Table
                rowKey="id" size="small" pagination={false} dataSource={s.documents}
                columns={[
                  { title: t('suppliers.kindLabel'), dataIndex: 'kind', width: 150, render: (k: string) => <Tag color={REQUIRED_KINDS.includes(k as never) ? 'blue' : 'default'}>{t(`suppliers.kind.${k}`)}</Tag> },
                  { title: t('suppliers.docTitle'), key: 'title', render: (_, d) => <>{d.title}<div className="cell-sub">{d.originalName} · {formatBytes(d.sizeBytes)}</div></> },
                  { title: '', key: 'open', width: 70, render: (_, d) => <a href={d.url} target="_blank" rel="noreferrer" data-testid="open-document">{t('suppliers.open')}</a> },
                ]}
              />
            )}
          </div>
          <div>
            <Typography.Title level={5}>{t('suppliers.history')}</Typography.Title>
            <History reviews={s.reviews} />
          </div>
        </Space>
      )}
      <Modal
        open={!!deciding}
        title={deciding && s ? t(`suppliers.confirm.${deciding}`, { name: s.companyName }) : ''}
        okText={deciding ? t(`suppliers.action.${deciding}`) : ''}
        okButtonProps={{ danger: deciding === 'reject' || deciding === 'suspend', loading: decide.isPending, ...({ 'data-testid': 'decision-ok' } as object) }}
        cancelText={t('cancel', { ns: 'common' })}
        onOk={confirm}
        onCancel={() => setDeciding(null)}
        destroyOnHidden
      >
        {deciding && s && <Typography.Paragraph type="secondary">{deciding === 'suspend' && s.productStats.active === 0 ? t('suppliers.effect.suspendNone') : t(`suppliers.effect.${deciding}`, { n: s.productStats.active })}</Typography.Paragraph>}
        {deciding && (
          <Form layout="vertical">
            <Form.Item
              label={REASON_REQUIRED.includes(deciding) ? t('suppliers.reason') : t('suppliers.reasonOptional')}
              required={REASON_REQUIRED.includes(deciding)}
              validateStatus={reasonError ? 'error' : undefined} help={reasonError ?? (REASON_REQUIRED.includes(deciding) ? t('suppliers.reasonHint') : undefined)}
            >
              <Input.TextArea rows={3} maxLength={500} showCount value={reason} autoFocus
                onChange={(e) => { setReason(e.target.value); if (e.target.value.trim()) setReasonError(null); }}
                placeholder={t(`suppliers.reasonPlaceholder.${deciding}`)} data-testid="decision-reason" />
            </Form.Item>
          </Form>
        )}
      </Modal>
    </Drawer>
  );
}
