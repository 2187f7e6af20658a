import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { App, Button, Descriptions, Empty, QRCode, Space, Table, Tag, Timeline, Typography } from 'antd';
import type { BatchItem, BatchStatus, Inspection, LogisticsEvent, PurchaseOrderStatus } from './supply-types';
import { daysFromToday, formatDate, formatDateTime, formatDeliveryDate, latestInspection, splitPickupPoint } from './supply-lib';
import './supply.css';

const BATCH_COLORS: Record<BatchStatus, string> = { pending: 'processing', approved: 'success', rejected: 'error' };
const PO_COLORS: Record<PurchaseOrderStatus, string> = { pending: 'warning', confirmed: 'processing', short_confirmed: 'orange', delivered: 'success' };

export function BatchStatusTag({ status }: { status: BatchStatus }) {
  const { t } = useTranslation('supply');
  return <Tag color={BATCH_COLORS[status]} data-testid="batch-status">{t(`batchStatus.${status}`)}</Tag>;
}

export function PoStatusTag({ status }: { status: PurchaseOrderStatus }) {
  const { t } = useTranslation('supply');
  return <Tag color={PO_COLORS[status]} data-testid="po-status">{t(`poStatus.${status}`)}</Tag>;
}

/** The latest inspection's verdict, which decides whether a batch may be approved. */
export function LatestInspectionTag({ batch }: { batch: Pick<BatchItem, 'inspections'> }) {
  const { t, i18n } = useTranslation('supply');
  const latest = latestInspection(batch);
  if (!latest) return <Tag>{t('latestInspection.none')}</Tag>;
  return (
    <>
      <Tag color={latest.result === 'pass' ? 'success' : 'error'}>{t(`latestInspection.${latest.result}`)}</Tag>
      <div className="cell-sub">
        {formatDate(latest.inspectedAt, i18n.language)}
        {batch.inspections.length > 1 && ` · ${t('batch.inspectionCount', { n: batch.inspections.length })}`}
      </div>
    </>
  );
}

/** Status with the operator's note under it (the reason when rejected). */
export function BatchStatusCell({ batch }: { batch: Pick<BatchItem, 'status' | 'reviewNote'> }) {
  return (
    <>
      <BatchStatusTag status={batch.status} />
      {batch.reviewNote && (
        <Typography.Paragraph className={`cell-sub supply-note${batch.status === 'rejected' ? ' is-rejected' : ''}`} ellipsis={{ rows: 2, tooltip: batch.reviewNote }} style={{ margin: '2px 0 0' }}>
          {batch.reviewNote}
        </Typography.Paragraph>
      )}
    </>
  );
}

export function BatchFacts({ batch, unit, showSupplier }: { batch: BatchItem; unit?: string; showSupplier?: boolean }) {
  const { t, i18n } = useTranslation('supply');
  return (
    <Descriptions
      column={2} size="small" bordered styles={{ label: { whiteSpace: 'nowrap', width: 120 } }}
      items={[
        { key: 'product', label: t('batch.product'), span: 2, children: batch.productName },
        ...(showSupplier ? [{ key: 'supplier', label: t('batch.supplier'), span: 2, children: batch.supplierName ?? t('none') }] : []),
        { key: 'code', label: t('batch.code'), children: <Typography.Text copyable className="supply-code">{batch.code}</Typography.Text> },
        { key: 'quantity', label: t('batch.quantity'), children: unit ? t('unitsWithUnit', { n: batch.quantity.toLocaleString(), unit }) : batch.quantity.toLocaleString() },
        { key: 'produced', label: t('batch.producedAt'), children: formatDateTime(batch.producedAt, i18n.language) },
        { key: 'created', label: t('batch.createdAt'), children: formatDateTime(batch.createdAt, i18n.language) },
        { key: 'place', label: t('batch.sourcePlace'), span: 2, children: batch.sourcePlace },
        ...(batch.reviewedAt ? [
          { key: 'reviewed', label: t('batch.reviewedAt'), span: 2, children: formatDateTime(batch.reviewedAt, i18n.language) },
          ...(batch.reviewNote ? [{ key: 'note', label: t('batch.reviewNote'), span: 2, children: <span style={{ whiteSpace: 'pre-wrap' }}>{batch.reviewNote}</span> }] : []),
        ] : []),
      ]}
    />
  );
}

/** A batch's inspections, latest first, each with its report file. */
export function InspectionTable({ inspections }: { inspections: Inspection[] }) {
  const { t, i18n } = useTranslation('supply');
  if (inspections.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('inspections.empty')} />;
  const rows = [...inspections].sort((a, b) => new Date(b.inspectedAt).getTime() - new Date(a.inspectedAt).getTime());
  return (
    <Table<Inspection>
      rowKey="id" size="small" pagination={false} dataSource={rows} data-testid="inspection-table"
      columns={[
        {
          title: t('inspections.lab'), key: 'lab',
          render: (_, i) => <>{i.lab}{i.summary && <div className="cell-sub" style={{ whiteSpace: 'pre-wrap' }}>{i.summary}</div>}</>,
        },
        {
          title: t('inspections.date'), key: 'date', width: 120,
          render: (_, i, idx) => <>{formatDate(i.inspectedAt, i18n.language)}{idx === 0 && rows.length > 1 && <div><Tag color="blue" style={{ marginTop: 2 }}>{t('inspections.latest')}</Tag></div>}</>,
        },
        { title: t('inspections.result'), dataIndex: 'result', width: 80, render: (r: Inspection['result']) => <Tag color={r === 'pass' ? 'success' : 'error'}>{t(`inspectionResult.${r}`)}</Tag> },
        { title: t('inspections.report'), key: 'report', width: 110, render: (_, i) => <a href={i.reportUrl} target="_blank" rel="noreferrer" data-testid="open-report">{t('inspections.openReport')}</a> },
      ]}
    />
  );
}

/** Source → transport → warehouse → pickup, in time order. */
export function LogisticsTimeline({ events }: { events: LogisticsEvent[] }) {
  const { t, i18n } = useTranslation('supply');
  if (events.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('logistics.empty')} />;
  const color: Record<LogisticsEvent['kind'], string> = { left_farm: 'green', temperature: 'blue', arrived_warehouse: 'blue', arrived_pickup: 'green' };
  return (
    <Timeline
      data-testid="logistics-timeline"
      items={events.map((e) => ({
        key: e.id,
        color: e.kind === 'temperature' && e.temperatureC !== null && (e.temperatureC > 8 || e.temperatureC < -25) ? 'red' : color[e.kind],
        content: (
          <div>
            <Typography.Text strong>{t(`logisticsKind.${e.kind}`)}</Typography.Text>
            <span className="supply-time" style={{ marginInlineStart: 10 }}>{formatDateTime(e.occurredAt, i18n.language)}</span>
            {e.temperatureC !== null && <Tag color="blue" style={{ marginInlineStart: 8 }}>{t('logistics.temperatureValue', { t: e.temperatureC })}</Tag>}
            {e.place && <div>{e.place}</div>}
            {e.note && <div className="cell-sub" style={{ whiteSpace: 'pre-wrap' }}>{e.note}</div>}
          </div>
        ),
      }))}
    />
  );
}

/** The public traceability page of an approved batch, with its QR code for the boxes. */
export function TraceBox({ code }: { code: string }) {
  const { t } = useTranslation('supply');
  const { message } = App.useApp();
  const path = `/t/${encodeURIComponent(code)}`;
  const url = `${window.location.origin}${path}`;
  const copy = async () => {
    try { await navigator.clipboard.writeText(url); message.success(t('detail.copied')); } catch { /* clipboard blocked: the link is still shown */ }
  };
  return (
    <div className="supply-trace" data-testid="trace-box">
      <QRCode value={url} size={116} bordered={false} />
      <div className="supply-trace-text">
        <Typography.Text type="secondary">{t('detail.traceHint')}</Typography.Text>
        <Typography.Text className="supply-trace-url">{url}</Typography.Text>
        <Space>
          <Button type="primary" href={path} target="_blank" rel="noreferrer" data-testid="open-trace">{t('detail.openTrace')}</Button>
          <Button onClick={copy}>{t('detail.copyLink')}</Button>
        </Space>
      </div>
    </div>
  );
}

/** 11月26日 周四 with 今天 / 明天 beside it. */
export function DeliveryDate({ date, showRelative = true }: { date: string; showRelative?: boolean }) {
  const { t, i18n } = useTranslation('supply');
  const d = daysFromToday(date);
  const rel = d === 0 ? t('po.today') : d === 1 ? t('po.tomorrow') : d === -1 ? t('po.yesterday') : d > 1 && d <= 7 ? t('po.inDays', { n: d }) : null;
  return (
    <span className="supply-date">
      <Typography.Text strong>{formatDeliveryDate(date, i18n.language)}</Typography.Text>
      {showRelative && rel && <Tag color={d === 0 ? 'orange' : d === 1 ? 'gold' : 'default'} style={{ marginInlineStart: 8 }}>{rel}</Tag>}
    </span>
  );
}

/** The heading of one pickup point's lines: community, pickup point and its address. */
export function PickupHeader({ communityName, pickupPoint, extra }: { communityName: string; pickupPoint: string; extra?: ReactNode }) {
  const { name, address } = splitPickupPoint(pickupPoint);
  return (
    <div className="supply-pickup-head">
      <div>
        <Typography.Text strong className="supply-pickup-community">{communityName}</Typography.Text>
        <div className="cell-sub">{name}{address && ` · ${address}`}</div>
      </div>
      {extra}
    </div>
  );
}

