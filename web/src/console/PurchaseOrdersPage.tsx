import { useEffect, useMemo, useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Drawer, Empty, Form, Input, InputNumber, Modal, Segmented, Skeleton, Space, Table, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { api, yuan } from '../shared/api';
import { PO_STATUSES, type PurchaseOrderDetail, type PurchaseOrderItem, type PurchaseOrderLine, type PurchaseOrderStatus } from '../supplier/supply-types';
import { formatDateTime, formatDeliveryDate, groupByPickup, splitPickupPoint, type ShortageRefund } from '../supplier/supply-lib';
import { DeliveryDate, PickupHeader, PoStatusTag } from '../supplier/supply-components';
import type { components } from '../shared/api-types';
import { groupBuyKeys, purchaseOrderKeys } from '../shared/query-keys';

type StatusFilter = PurchaseOrderStatus | 'all';

/** GET /api/group-buys/:id/orders: one basket order per resident, a line per item. */
type BasketOrder = components['schemas']['GroupBuyOrder'];

/**
 * Who a short delivery of one item (a purchase-order line is one group-buy item) would refund: its
 * lines still owed, latest paid first, as the server allocates. The order lines name the product
 * only, the purchase-order line "name spec": the longest matching name is the item.
 */
function previewItemShortage(orders: BasketOrder[], poProductName: string, shortage: number): ShortageRefund[] {
  if (shortage <= 0) return [];
  const names = [...new Set(orders.flatMap((o) => o.lines.map((l) => l.productName)))].filter((n) => poProductName === n || poProductName.startsWith(`${n} `));
  const name = names.sort((a, b) => b.length - a.length)[0];
  if (!name) return [];
  const candidates = orders
    .flatMap((o) => o.lines.filter((l) => l.productName === name && (l.status === 'confirmed' || l.status === 'ready_for_pickup')).map((l) => ({ o, l })))
    .sort((a, b) => (b.o.paidAt ?? '').localeCompare(a.o.paidAt ?? '') || (b.o.groupNumber ?? 0) - (a.o.groupNumber ?? 0));
  const out: ShortageRefund[] = [];
  let left = shortage;
  for (const { o, l } of candidates) {
    if (left <= 0) break;
    const units = Math.min(l.quantity - l.refundedQuantity, left);
    if (units <= 0) continue;
    left -= units;
    out.push({ orderId: l.lineId, residentName: o.groupNumber != null ? `#${o.groupNumber} ${o.residentName}` : o.residentName, units, amountFen: Math.round((l.totalFen / l.quantity) * units) });
  }
  return out;
}

/** 采购与到货: every supplier's purchase orders; operators record what reached each pickup point. */
export function PurchaseOrdersPage() {
  const { t, i18n } = useTranslation('supply');
  const [status, setStatus] = useState<StatusFilter>('all');
  const [search, setSearch] = useState('');
  const [openId, setOpenId] = useState<string | null>(null);
  const list = useQuery({
    queryKey: purchaseOrderKeys.everySupplier(status),
    queryFn: () => api<{ items: PurchaseOrderItem[] }>(`/api/purchase-orders${status === 'all' ? '' : `?status=${status}`}`),
  });
  const q = search.trim().toLowerCase();
  const rows = (list.data?.items ?? []).filter((po) => !q || po.supplierName.toLowerCase().includes(q));

  const columns: ColumnsType<PurchaseOrderItem> = [
    { title: t('po.deliveryDate'), dataIndex: 'deliveryDate', width: 200, render: (d: string) => <DeliveryDate date={d} /> },
    { title: t('po.supplier'), dataIndex: 'supplierName', width: 220, render: (s: string) => <Typography.Text strong>{s}</Typography.Text> },
    { title: t('po.status'), dataIndex: 'status', width: 110, render: (s: PurchaseOrderStatus) => <PoStatusTag status={s} /> },
    { title: t('po.lines'), dataIndex: 'lineCount', width: 90, align: 'right', render: (n: number) => <span className="supply-num">{t('po.lineCount', { n })}</span> },
    { title: t('po.totalOrdered'), dataIndex: 'quantityOrdered', width: 110, align: 'right', render: (n: number) => <span className="supply-num">{n.toLocaleString()}</span> },
    { title: t('po.confirmedAt'), dataIndex: 'confirmedAt', width: 160, render: (v: string | null) => (v ? <span className="supply-num">{formatDateTime(v, i18n.language)}</span> : t('none')) },
    { title: t('actions'), key: 'actions', width: 80, fixed: 'right', render: (_, po) => <Button type="link" size="small" onClick={() => setOpenId(po.id)} data-testid="open-po">{t('view')}</Button> },
  ];

  return (
    <div className="console-panel">
      <div className="console-toolbar">
        <h2>{t('consolePo.title')}</h2>
        <Input.Search allowClear placeholder={t('consolePo.search')} value={search} onChange={(e) => setSearch(e.target.value)} style={{ width: 260 }} data-testid="po-search" />
      </div>
      <Typography.Paragraph type="secondary">{t('consolePo.hint')}</Typography.Paragraph>
      <div className="supply-filters">
        <Segmented<StatusFilter>
          value={status} onChange={setStatus}
          options={[{ value: 'all', label: t('all') }, ...PO_STATUSES.map((s) => ({ value: s, label: t(`poStatus.${s}`) }))]}
        />
      </div>
      {list.isError ? (
        <Alert type="error" showIcon title={list.error.message} action={<Button onClick={() => list.refetch()}>{t('retry')}</Button>} />
      ) : (
        <Table<PurchaseOrderItem>
          rowKey="id" loading={list.isPending} dataSource={rows} columns={columns} scroll={{ x: 970 }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          onRow={(po) => ({ 'data-testid': 'po-row', onDoubleClick: () => setOpenId(po.id) } as HTMLAttributes<HTMLElement>)}
          locale={{ emptyText: <Empty description={status === 'all' && !q ? t('po.empty') : t('po.emptyFiltered')} /> }}
        />
      )}
      <PurchaseOrderDrawer id={openId} supplierName={list.data?.items.find((p) => p.id === openId)?.supplierName} onClose={() => setOpenId(null)} />
    </div>
  );
}

function PurchaseOrderDrawer({ id, supplierName, onClose }: { id: string | null; supplierName?: string; onClose: () => void }) {
  const { t, i18n } = useTranslation('supply');
  const [recording, setRecording] = useState<PurchaseOrderLine | null>(null);
  const detail = useQuery({ queryKey: purchaseOrderKeys.detail(id), queryFn: () => api<PurchaseOrderDetail>(`/api/purchase-orders/${id}`), enabled: !!id });
  const po = detail.data;
  const groups = useMemo(() => groupByPickup(po?.lines ?? []), [po]);
  const totals = useMemo(() => (po?.lines ?? []).reduce((a, l) => ({
    ordered: a.ordered + l.quantityOrdered, confirmed: a.confirmed + (l.quantityConfirmed ?? 0), delivered: a.delivered + (l.quantityDelivered ?? 0),
  }), { ordered: 0, confirmed: 0, delivered: 0 }), [po]);

  const columns: ColumnsType<PurchaseOrderLine> = [
    { title: t('poDetail.product'), dataIndex: 'productName', render: (n: string) => <Typography.Text strong>{n}</Typography.Text> },
    {
      title: t('poDetail.batch'), dataIndex: 'batchCode', width: 160,
      render: (c: string | null) => (c ? <a href={`/t/${encodeURIComponent(c)}`} target="_blank" rel="noreferrer" className="supply-code">{c}</a> : t('none')),
    },
    { title: t('poDetail.ordered'), dataIndex: 'quantityOrdered', width: 70, align: 'right', render: (n: number) => <span className="supply-num">{n}</span> },
    {
      title: t('poDetail.confirmed'), dataIndex: 'quantityConfirmed', width: 80, align: 'right',
      render: (n: number | null, l) => <span className={`supply-num${n !== null && n < l.quantityOrdered ? ' supply-short' : ''}`}>{n ?? t('none')}</span>,
    },
    {
      title: t('poDetail.delivered'), key: 'delivered', width: 190, align: 'right',
      render: (_, l) => {
        if (l.quantityDelivered !== null) {
          const short = l.quantityOrdered - l.quantityDelivered;
          return (
            <div data-testid="line-delivered">
              <span className={`supply-num${short > 0 ? ' supply-short' : ''}`}>{t('consolePo.deliveredLine', { n: l.quantityDelivered })}</span>
              {l.deliveredAt && <div className="supply-time">{formatDateTime(l.deliveredAt, i18n.language)}</div>}
              {short > 0 && <div className="cell-sub supply-short">{t('consolePo.refundedUnits', { n: short })}</div>}
            </div>
          );
        }
        if (po?.status === 'pending') {
          return <Tooltip title={t('consolePo.waitSupplier')}><Button size="small" disabled>{t('consolePo.record')}</Button></Tooltip>;
        }
        return <Button size="small" type="primary" ghost onClick={() => setRecording(l)} data-testid="record-delivery">{t('consolePo.record')}</Button>;
      },
    },
  ];

  return (
    <Drawer
      title={po ? (
        <Space wrap>
          <span>{supplierName ? `${supplierName} · ` : ''}{t('poDetail.title', { date: formatDeliveryDate(po.deliveryDate, i18n.language) })}</span>
          <PoStatusTag status={po.status} />
        </Space>
      ) : t('consolePo.title')}
      open={!!id} onClose={onClose} size={860} destroyOnHidden
      footer={po && (
        <Space size="middle" wrap>
          <span className="supply-num">{po.status === 'pending' ? t('poDetail.summaryOrdered', { ordered: totals.ordered }) : t('poDetail.summary', { ordered: totals.ordered, confirmed: totals.confirmed })}</span>
          {po.lines.some((l) => l.quantityDelivered !== null) && <span className="supply-num">{t('poDetail.delivered')} {t('units', { n: totals.delivered })}</span>}
          <Typography.Text type="secondary">{t('poDetail.pickupCount', { n: groups.length })}</Typography.Text>
        </Space>
      )}
    >
      {detail.isPending && <Skeleton active paragraph={{ rows: 10 }} />}
      {detail.isError && <Alert type="error" showIcon title={detail.error.message} action={<Button onClick={() => detail.refetch()}>{t('retry')}</Button>} />}
      {po && (
        <>
          {po.status === 'pending' && <Alert type="warning" showIcon title={t('consolePo.waitSupplier')} style={{ marginBottom: 16 }} />}
          {groups.map((g) => (
            <div className="supply-pickup" key={g.communityId} data-testid="po-pickup">
              <PickupHeader communityName={g.communityName} pickupPoint={g.pickupPoint} />
              <Table<PurchaseOrderLine> rowKey="id" size="small" pagination={false} dataSource={g.lines} columns={columns} />
            </div>
          ))}
        </>
      )}
      <DeliveryModal poId={id} line={recording} onClose={() => setRecording(null)} />
    </Drawer>
  );
}

function DeliveryModal({ poId, line, onClose }: { poId: string | null; line: PurchaseOrderLine | null; onClose: () => void }) {
  const { t } = useTranslation('supply');
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const [quantity, setQuantity] = useState<number | null>(null);
  const [invalid, setInvalid] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!line) return;
    setQuantity(line.quantityConfirmed ?? line.quantityOrdered);
    setInvalid(false);
    setError(null);
  }, [line]);

  // Who a short delivery would refund, by the server's rule (latest orders first), to say so before recording.
  const orders = useQuery({
    queryKey: groupBuyKeys.orders(line?.groupBuyId),
    queryFn: () => api<{ items: BasketOrder[] }>(`/api/group-buys/${line!.groupBuyId}/orders`),
    enabled: !!line,
    staleTime: 0,
  });

  const record = useMutation({
    mutationFn: (q: number) => api<{ lineId: string; quantityDelivered: number; refundedOrders: number }>(`/api/purchase-order-lines/${line!.id}/delivery`, { body: { quantityDelivered: q } }),
    onSuccess: async (r) => {
      await queryClient.invalidateQueries({ queryKey: purchaseOrderKeys.detail(poId) });
      await queryClient.invalidateQueries({ queryKey: purchaseOrderKeys.lists() });
      message.success(r.refundedOrders > 0
        ? t('consolePo.doneRefunded', { n: r.quantityDelivered, refunded: r.refundedOrders })
        : t('consolePo.done', { n: r.quantityDelivered }));
      onClose();
    },
    onError: (err) => { setError(err.message); void queryClient.invalidateQueries({ queryKey: purchaseOrderKeys.detail(poId) }); },
  });

  if (!line) return null;
  const valid = quantity !== null && Number.isInteger(quantity) && quantity >= 0 && quantity <= line.quantityOrdered;
  const short = valid ? line.quantityOrdered - quantity! : 0;
  // More than the supplier committed to is allowed (up to what was ordered), but worth a second look.
  const over = valid && line.quantityConfirmed !== null && quantity! > line.quantityConfirmed ? quantity! - line.quantityConfirmed : 0;
  const place = splitPickupPoint(line.pickupPoint).name || line.communityName;

  const submit = () => {
    if (!valid) { setInvalid(true); return; }
    setError(null);
    if (short === 0) { record.mutate(quantity!); return; }
    const refunds = orders.data ? previewItemShortage(orders.data.items, line.productName, short) : null;
    const amount = refunds ? yuan(refunds.reduce((s, r) => s + r.amountFen, 0)) : '';
    modal.confirm({
      title: t('consolePo.shortTitle', { n: short }),
      width: 520,
      content: (
        <div data-testid="delivery-short-dialog">
          <Typography.Paragraph style={{ marginBottom: 4 }}>
            {refunds && refunds.length > 0
              ? t('consolePo.shortBody', { n: refunds.length, amount })
              : t('consolePo.shortBodyUnknown', { units: short })}
          </Typography.Paragraph>
          {refunds && refunds.length > 0 && (
            <ul className="supply-refund-list">
              {refunds.slice(0, 6).map((r) => <li key={r.orderId}>{t('consolePo.shortWho', { name: r.residentName, units: r.units, amount: yuan(r.amountFen) })}</li>)}
              {refunds.length > 6 && <li>{t('consolePo.shortMore', { n: refunds.length })}</li>}
            </ul>
          )}
        </div>
      ),
      okText: t('consolePo.shortOk'),
      okButtonProps: { danger: true, ...({ 'data-testid': 'delivery-short-ok' } as object) },
      cancelText: t('cancel'),
      onOk: () => record.mutateAsync(quantity!).catch(() => undefined),
    });
  };

  return (
    <Modal
      open={!!line}
      title={t('consolePo.recordTitle', { place: line.communityName })}
      okText={t('consolePo.submit')}
      okButtonProps={{ loading: record.isPending, danger: short > 0, ...({ 'data-testid': 'delivery-submit' } as object) }}
      cancelText={t('cancel')}
      onOk={submit}
      onCancel={onClose}
      destroyOnHidden
    >
      <Typography.Paragraph>
        <Typography.Text strong>{line.productName}</Typography.Text>
        <div className="cell-sub">{place}{line.batchCode && <> · <span className="supply-code">{line.batchCode}</span></>}</div>
      </Typography.Paragraph>
      {error && <Alert type="error" showIcon title={error} role="alert" style={{ marginBottom: 12 }} />}
      <Form layout="vertical">
        <Form.Item
          label={t('consolePo.quantity')} required
          validateStatus={invalid && !valid ? 'error' : short > 0 || over > 0 ? 'warning' : undefined}
          help={invalid && !valid ? t('consolePo.quantityInvalid', { max: line.quantityOrdered })
            : short > 0 ? `${t('consolePo.shortWarn', { n: short })}${over > 0 ? ` · ${t('consolePo.overConfirmed', { n: over })}` : ''}`
              : over > 0 ? t('consolePo.overConfirmed', { n: over })
              : t('consolePo.orderedConfirmed', { ordered: line.quantityOrdered, confirmed: line.quantityConfirmed ?? t('none') })}
          extra={short > 0 || over > 0 || (invalid && !valid) ? t('consolePo.orderedConfirmed', { ordered: line.quantityOrdered, confirmed: line.quantityConfirmed ?? t('none') }) : t('consolePo.recordHint')}
        >
          <InputNumber<number>
            value={quantity} autoFocus style={{ width: 160 }} controls={false}
            onChange={(v) => { setQuantity(v); setInvalid(false); }} onPressEnter={submit} data-testid="delivery-quantity"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
