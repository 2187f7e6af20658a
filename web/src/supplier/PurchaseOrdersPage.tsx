import { useEffect, useMemo, useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Badge, Button, Drawer, Empty, InputNumber, Segmented, Skeleton, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { api, ApiError } from '../shared/api';
import { PO_STATUSES, type PurchaseOrderDetail, type PurchaseOrderItem, type PurchaseOrderLine, type PurchaseOrderStatus } from './supply-types';
import { formatDateTime, formatDeliveryDate, groupByPickup } from './supply-lib';
import { DeliveryDate, PickupHeader, PoStatusTag } from './supply-components';
import { purchaseOrderKeys } from '../shared/query-keys';

type StatusFilter = PurchaseOrderStatus | 'all';

/** 采购单: what the supplier must deliver per day and pickup point, confirmed line by line (possibly short). */
export function PurchaseOrdersPage({ supplierId }: { supplierId: string }) {
  const { t, i18n } = useTranslation('supply');
  const [status, setStatus] = useState<StatusFilter>('all');
  const [openId, setOpenId] = useState<string | null>(null);
  const list = useQuery({
    queryKey: purchaseOrderKeys.supplierList(supplierId, status),
    queryFn: () => api<{ items: PurchaseOrderItem[] }>(`/api/purchase-orders?supplierId=${supplierId}${status === 'all' ? '' : `&status=${status}`}`),
  });
  const pending = useQuery({
    queryKey: purchaseOrderKeys.supplierList(supplierId, 'pending'),
    queryFn: () => api<{ items: PurchaseOrderItem[] }>(`/api/purchase-orders?supplierId=${supplierId}&status=pending`),
  });
  const pendingCount = pending.data?.items.length ?? 0;

  const columns: ColumnsType<PurchaseOrderItem> = [
    { title: t('po.deliveryDate'), dataIndex: 'deliveryDate', width: 200, render: (d: string) => <DeliveryDate date={d} /> },
    { title: t('po.status'), dataIndex: 'status', width: 110, render: (s: PurchaseOrderStatus) => <PoStatusTag status={s} /> },
    { title: t('po.lines'), dataIndex: 'lineCount', width: 90, align: 'right', render: (n: number) => <span className="supply-num">{t('po.lineCount', { n })}</span> },
    { title: t('po.totalOrdered'), dataIndex: 'quantityOrdered', width: 110, align: 'right', render: (n: number) => <span className="supply-num">{n.toLocaleString()}</span> },
    { title: t('po.confirmedAt'), dataIndex: 'confirmedAt', width: 160, render: (v: string | null) => (v ? <span className="supply-num">{formatDateTime(v, i18n.language)}</span> : t('none')) },
    {
      title: t('actions'), key: 'actions', width: 90, fixed: 'right',
      render: (_, po) => (
        <Button type={po.status === 'pending' ? 'primary' : 'link'} size="small" onClick={() => setOpenId(po.id)} data-testid="open-po">
          {po.status === 'pending' ? t('po.toConfirm') : t('view')}
        </Button>
      ),
    },
  ];

  return (
    <div className="supplier-panel">
      <div className="supplier-toolbar">
        <h2>{t('po.title')}</h2>
        {pendingCount > 0 && <Typography.Text type="warning" strong data-testid="po-pending-count">{t('po.pendingCount', { n: pendingCount })}</Typography.Text>}
      </div>
      <Alert type="info" showIcon title={t('po.flow')} style={{ marginBottom: 16 }} />
      <div className="supply-filters">
        <Segmented<StatusFilter>
          value={status} onChange={setStatus}
          options={[
            { value: 'all', label: t('all') },
            ...PO_STATUSES.map((s) => ({
              value: s,
              label: s === 'pending' && pendingCount > 0
                ? <Space size={4}>{t(`poStatus.${s}`)}<Badge count={pendingCount} size="small" color="#e8590c" /></Space>
                : t(`poStatus.${s}`),
            })),
          ]}
        />
      </div>
      {list.isError ? (
        <Alert type="error" showIcon title={list.error.message} action={<Button onClick={() => list.refetch()}>{t('retry')}</Button>} />
      ) : (
        <Table<PurchaseOrderItem>
          rowKey="id" loading={list.isPending} dataSource={list.data?.items ?? []} columns={columns} scroll={{ x: 760 }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          rowClassName={(po) => (po.status === 'pending' ? 'supply-row-pending' : '')}
          onRow={(po) => ({ 'data-testid': 'po-row', onDoubleClick: () => setOpenId(po.id) } as HTMLAttributes<HTMLElement>)}
          locale={{ emptyText: <Empty description={status === 'all' ? t('po.empty') : t('po.emptyFiltered')} /> }}
        />
      )}
      <PurchaseOrderDrawer supplierId={supplierId} id={openId} onClose={() => setOpenId(null)} />
    </div>
  );
}

function PurchaseOrderDrawer({ supplierId, id, onClose }: { supplierId: string; id: string | null; onClose: () => void }) {
  const { t, i18n } = useTranslation('supply');
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const detail = useQuery({ queryKey: purchaseOrderKeys.detail(id), queryFn: () => api<PurchaseOrderDetail>(`/api/purchase-orders/${id}`), enabled: !!id });
  const po = detail.data;
  const [quantities, setQuantities] = useState<Record<string, number | null>>({});
  const [error, setError] = useState<string | null>(null);
  const [showErrors, setShowErrors] = useState(false);

  // Every line starts at what was ordered; new lines (the order grew) start at theirs too.
  useEffect(() => {
    if (!po || po.status !== 'pending') return;
    setQuantities((prev) => Object.fromEntries(po.lines.map((l) => [l.id, l.id in prev ? prev[l.id] : l.quantityOrdered])));
  }, [po]);
  useEffect(() => { setQuantities({}); setError(null); setShowErrors(false); }, [id]);

  const groups = useMemo(() => groupByPickup(po?.lines ?? []), [po]);
  const isPending = po?.status === 'pending';
  const valid = (l: PurchaseOrderLine) => {
    const q = quantities[l.id];
    return q !== null && q !== undefined && Number.isInteger(q) && q >= 0 && q <= l.quantityOrdered;
  };
  const ordered = po?.lines.reduce((s, l) => s + l.quantityOrdered, 0) ?? 0;
  const confirmedTotal = po
    ? po.lines.reduce((s, l) => s + (isPending ? (valid(l) ? quantities[l.id]! : 0) : l.quantityConfirmed ?? 0), 0)
    : 0;
  const shortLines = isPending && po ? po.lines.filter((l) => valid(l) && quantities[l.id]! < l.quantityOrdered) : [];
  const shortTotal = ordered - confirmedTotal;
  const deliveredTotal = po && po.lines.some((l) => l.quantityDelivered !== null) ? po.lines.reduce((s, l) => s + (l.quantityDelivered ?? 0), 0) : null;

  const confirm = useMutation({
    mutationFn: () => api<{ status: PurchaseOrderStatus }>(`/api/purchase-orders/${id}/confirm`, {
      body: { lines: po!.lines.map((l) => ({ lineId: l.id, quantityConfirmed: quantities[l.id]! })) },
    }),
    onSuccess: async (r) => {
      await queryClient.invalidateQueries({ queryKey: purchaseOrderKeys.detail(id) });
      await queryClient.invalidateQueries({ queryKey: purchaseOrderKeys.ofSupplier(supplierId) });
      message.success(r.status === 'short_confirmed' ? t('poDetail.doneShort') : t('poDetail.done'));
      setError(null);
    },
    onError: (err) => {
      setError(err.message);
      // The order gained lines or was confirmed elsewhere: show the current one.
      if (err instanceof ApiError && err.status === 409) void detail.refetch();
    },
  });

  const submit = () => {
    if (!po) return;
    setShowErrors(true);
    if (po.lines.some((l) => !valid(l))) { setError(t('poDetail.fixErrors')); return; }
    setError(null);
    if (shortLines.length === 0) { confirm.mutate(); return; }
    const short = shortLines.reduce((s, l) => s + l.quantityOrdered - quantities[l.id]!, 0);
    modal.confirm({
      title: t('poDetail.shortTitle', { n: short }),
      width: 520,
      content: (
        <div data-testid="po-short-dialog">
          <Typography.Paragraph style={{ marginBottom: 4 }}>{t('poDetail.shortBody')}</Typography.Paragraph>
          <ul className="supply-refund-list">
            {shortLines.map((l) => (
              <li key={l.id}>{t('poDetail.shortLine', {
                place: l.communityName, product: l.productName, ordered: l.quantityOrdered, confirmed: quantities[l.id], short: l.quantityOrdered - quantities[l.id]!,
              })}</li>
            ))}
          </ul>
          <Typography.Paragraph type="secondary" style={{ marginTop: 12, marginBottom: 0 }}>{t('poDetail.shortExplain')}</Typography.Paragraph>
        </div>
      ),
      okText: t('poDetail.shortOk'),
      okButtonProps: { danger: true, ...({ 'data-testid': 'po-short-ok' } as object) },
      cancelText: t('cancel'),
      onOk: () => confirm.mutateAsync().catch(() => undefined),
    });
  };

  const lineColumns = (): ColumnsType<PurchaseOrderLine> => [
    { title: t('poDetail.product'), dataIndex: 'productName', render: (n: string) => <Typography.Text strong>{n}</Typography.Text> },
    { title: t('poDetail.batch'), dataIndex: 'batchCode', width: 160, render: (c: string | null) => (c ? <span className="supply-code">{c}</span> : t('none')) },
    { title: t('poDetail.ordered'), dataIndex: 'quantityOrdered', width: 80, align: 'right', render: (n: number) => <span className="supply-num">{n}</span> },
    ...(isPending ? [{
      title: t('poDetail.confirmQuantity'), key: 'confirm', width: 150, align: 'right' as const,
      render: (_: unknown, l: PurchaseOrderLine) => {
        const q = quantities[l.id];
        const bad = !valid(l) && (showErrors || (q !== null && q !== undefined));
        return (
          <div>
            <InputNumber<number>
              value={q ?? null} status={bad ? 'error' : undefined} controls={false}
              onChange={(v) => setQuantities((prev) => ({ ...prev, [l.id]: v }))} style={{ width: 110 }}
              aria-label={`${l.communityName} ${l.productName}`} data-testid="po-line-quantity"
            />
            {bad && <div className="cell-sub supply-short">{t('poDetail.quantityInvalid', { max: l.quantityOrdered })}</div>}
            {!bad && valid(l) && q! < l.quantityOrdered && <div className="cell-sub supply-short">{t('poDetail.summaryShort', { n: l.quantityOrdered - q! })}</div>}
          </div>
        );
      },
    }] : [
      {
        title: t('poDetail.confirmed'), dataIndex: 'quantityConfirmed', width: 80, align: 'right' as const,
        render: (n: number | null, l: PurchaseOrderLine) => <span className={`supply-num${n !== null && n < l.quantityOrdered ? ' supply-short' : ''}`}>{n ?? t('none')}</span>,
      },
      {
        title: t('poDetail.delivered'), key: 'delivered', width: 150, align: 'right' as const,
        render: (_: unknown, l: PurchaseOrderLine) => (l.quantityDelivered === null
          ? <Typography.Text type="secondary">{t('poDetail.notDelivered')}</Typography.Text>
          : (
            <div>
              <span className={`supply-num${l.quantityDelivered < l.quantityOrdered ? ' supply-short' : ''}`} data-testid="po-line-delivered">{l.quantityDelivered}</span>
              {l.deliveredAt && <div className="supply-time">{formatDateTime(l.deliveredAt, i18n.language)}</div>}
            </div>
          )),
      },
    ]),
  ];

  const statusAlert = () => {
    if (!po) return null;
    if (po.status === 'pending') return <Alert type="warning" showIcon title={t('poDetail.pendingHint')} />;
    if (po.status === 'delivered') return <Alert type="success" showIcon title={t('poDetail.deliveredHint')} />;
    const at = po.confirmedAt ? formatDateTime(po.confirmedAt, i18n.language) : '';
    if (po.status === 'short_confirmed') {
      const short = po.lines.reduce((s, l) => s + l.quantityOrdered - (l.quantityConfirmed ?? l.quantityOrdered), 0);
      return <Alert type="warning" showIcon title={t('poDetail.shortHint', { at, n: short })} />;
    }
    return <Alert type="info" showIcon title={t('poDetail.confirmedHint', { at })} />;
  };

  return (
    <Drawer
      title={po ? <Space wrap><span>{t('poDetail.title', { date: formatDeliveryDate(po.deliveryDate, i18n.language) })}</span><PoStatusTag status={po.status} /></Space> : t('po.title')}
      open={!!id} onClose={onClose} size={820} destroyOnHidden
      footer={po && (
        <div className="supply-summary">
          <Space size="middle" wrap>
            <span>{t('poDetail.summary', { ordered, confirmed: confirmedTotal })}</span>
            {deliveredTotal !== null
              ? <span className="supply-num">{t('poDetail.delivered')} {t('units', { n: deliveredTotal })}</span>
              : shortTotal > 0 && <Typography.Text className="supply-short" strong>{t('poDetail.summaryShort', { n: shortTotal })}</Typography.Text>}
            <Typography.Text type="secondary">{t('poDetail.pickupCount', { n: groups.length })}</Typography.Text>
          </Space>
          {isPending && (
            <Button type="primary" danger={shortLines.length > 0} loading={confirm.isPending} onClick={submit} data-testid="po-confirm">
              {shortLines.length > 0 ? t('poDetail.confirmShort') : t('poDetail.confirm')}
            </Button>
          )}
        </div>
      )}
    >
      {detail.isPending && <Skeleton active paragraph={{ rows: 10 }} />}
      {detail.isError && <Alert type="error" showIcon title={detail.error.message} action={<Button onClick={() => detail.refetch()}>{t('retry')}</Button>} />}
      {po && (
        <>
          {statusAlert()}
          {error && <Alert type="error" showIcon title={error} role="alert" style={{ marginTop: 12 }} closable={{ onClose: () => setError(null) }} />}
          <div style={{ marginTop: 16 }}>
            {groups.map((g) => (
              <div className="supply-pickup" key={g.communityId} data-testid="po-pickup">
                <PickupHeader communityName={g.communityName} pickupPoint={g.pickupPoint}
                  extra={<span className="cell-sub supply-num">{t('poDetail.ordered')} {t('units', { n: g.lines.reduce((s, l) => s + l.quantityOrdered, 0) })}</span>} />
                <Table<PurchaseOrderLine> rowKey="id" size="small" pagination={false} dataSource={g.lines} columns={lineColumns()} />
              </div>
            ))}
          </div>
        </>
      )}
    </Drawer>
  );
}
