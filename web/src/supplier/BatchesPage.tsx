import { useMemo, useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Empty, Segmented, Select, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useMe } from '../shared/auth';
import { BATCH_STATUSES, type BatchItem, type BatchStatus } from './supply-types';
import { formatDateTime } from './supply-lib';
import { BatchStatusCell, LatestInspectionTag } from './supply-components';
import { BatchDrawer } from './batches/BatchDrawer';
import { CreateBatchDrawer } from './batches/CreateBatchDrawer';
import { useSupplierBatches, useSupplierProducts } from './batches/useBatches';

type StatusFilter = BatchStatus | 'all';

/** 批次与检测: a supplier's batches, their inspection reports and logistics, and the public traceability page once approved. */
export function BatchesPage({ supplierId }: { supplierId: string }) {
  const { t, i18n } = useTranslation('supply');
  const [status, setStatus] = useState<StatusFilter>('all');
  const [productId, setProductId] = useState<string | undefined>();
  const [creating, setCreating] = useState(false);
  const [openId, setOpenId] = useState<string | null>(null);

  const products = useSupplierProducts(supplierId);
  const batches = useSupplierBatches(supplierId, status, productId);
  const unitOf = useMemo(() => new Map((products.data?.items ?? []).map((p) => [p.id, p.unit])), [products.data]);
  const specOf = useMemo(() => new Map((products.data?.items ?? []).map((p) => [p.id, p.spec])), [products.data]);
  const hasProducts = (products.data?.items.length ?? 0) > 0;
  // Only an admitted supplier records new batches (the server says the same); a suspended one keeps its records.
  const me = useMe();
  const supplierStatus = me.data?.suppliers.find((s) => s.id === supplierId)?.status;
  const canCreate = hasProducts && (!supplierStatus || supplierStatus === 'approved');

  const columns: ColumnsType<BatchItem> = [
    {
      title: t('batch.product'), key: 'product', width: 180,
      render: (_, b) => <><Typography.Text strong>{b.productName}</Typography.Text>{specOf.get(b.productId) && <div className="cell-sub">{specOf.get(b.productId)}</div>}</>,
    },
    { title: t('batch.code'), dataIndex: 'code', width: 160, render: (c: string) => <span className="supply-code supply-nowrap">{c}</span> },
    { title: t('batch.producedAt'), dataIndex: 'producedAt', width: 160, render: (v: string) => <span className="supply-num supply-nowrap">{formatDateTime(v, i18n.language)}</span> },
    {
      title: t('batch.quantity'), dataIndex: 'quantity', width: 90, align: 'right',
      render: (n: number, b) => <span className="supply-num">{n.toLocaleString()}{unitOf.get(b.productId) && <span className="cell-sub"> {unitOf.get(b.productId)}</span>}</span>,
    },
    { title: t('batch.sourcePlace'), dataIndex: 'sourcePlace', ellipsis: true },
    { title: t('batch.inspection'), key: 'inspection', width: 110, render: (_, b) => <LatestInspectionTag batch={b} /> },
    { title: t('batch.status'), key: 'status', width: 170, render: (_, b) => <BatchStatusCell batch={b} /> },
    { title: t('actions'), key: 'actions', width: 80, fixed: 'right', render: (_, b) => <Button type="link" size="small" onClick={() => setOpenId(b.id)} data-testid="open-batch">{t('view')}</Button> },
  ];

  const filtered = status !== 'all' || !!productId;
  return (
    <div className="supplier-panel">
      <div className="supplier-toolbar">
        <h2>{t('batches.title')}</h2>
        <Button type="primary" onClick={() => setCreating(true)} disabled={!canCreate} data-testid="create-batch">{t('batches.create')}</Button>
      </div>
      {supplierStatus && supplierStatus !== 'approved'
        ? <Alert type="error" showIcon title={t('batches.notApproved')} style={{ marginBottom: 16 }} />
        : products.isSuccess && !hasProducts
          ? <Alert type="warning" showIcon title={t('batches.noProducts')} style={{ marginBottom: 16 }} />
          : <Alert type="info" showIcon title={t('batches.flow')} style={{ marginBottom: 16 }} />}
      <div className="supply-filters">
        <Segmented<StatusFilter>
          value={status} onChange={setStatus}
          options={[{ value: 'all', label: t('all') }, ...BATCH_STATUSES.map((s) => ({ value: s, label: t(`batchStatus.${s}`) }))]}
        />
        <Select
          allowClear placeholder={t('batches.filterProduct')} value={productId} onChange={setProductId} style={{ minWidth: 220 }}
          options={(products.data?.items ?? []).map((p) => ({ value: p.id, label: p.name }))} aria-label={t('batch.product')}
        />
      </div>
      {batches.isError ? (
        <Alert type="error" showIcon title={batches.error.message} action={<Button onClick={() => batches.refetch()}>{t('retry')}</Button>} />
      ) : (
        <Table<BatchItem>
          rowKey="id" loading={batches.isPending} dataSource={batches.data?.items ?? []} columns={columns} scroll={{ x: 1070 }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          onRow={(b) => ({ 'data-testid': 'batch-row', onDoubleClick: () => setOpenId(b.id) } as HTMLAttributes<HTMLElement>)}
          locale={{ emptyText: <Empty description={filtered ? t('batches.emptyFiltered') : t('batches.empty')} /> }}
        />
      )}
      <CreateBatchDrawer
        supplierId={supplierId} open={creating} products={products.data?.items ?? []}
        onClose={() => setCreating(false)} onCreated={(id) => { setCreating(false); setOpenId(id); }}
      />
      <BatchDrawer supplierId={supplierId} id={openId} unit={openId ? unitOf.get(batches.data?.items.find((b) => b.id === openId)?.productId ?? '') : undefined} onClose={() => setOpenId(null)} />
    </div>
  );
}
