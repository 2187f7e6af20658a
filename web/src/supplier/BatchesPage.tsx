import { useEffect, useMemo, useState, type HTMLAttributes } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert, App, Button, DatePicker, Drawer, Empty, Form, Input, InputNumber, Radio, Segmented, Select, Skeleton, Space, Table, Tag, Typography, Upload,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { UploadFile } from 'antd/es/upload/interface';
import type { Dayjs } from 'dayjs';
import { api } from '../shared/api';
import { useMe } from '../shared/auth';
import { BATCH_STATUSES, type BatchDetail, type BatchItem, type BatchStatus, type Inspection, type LogisticsEvent, type LogisticsKind, type SupplyProduct } from './supply-types';
import { formatBytes, formatDateTime, fromWall, postForm, REPORT_ACCEPT, reportProblem, toWall, wallNow } from './supply-lib';
import { BatchFacts, BatchStatusCell, BatchStatusTag, InspectionTable, LatestInspectionTag, LogisticsTimeline, TraceBox } from './supply-components';
import { batchKeys, supplierKeys } from '../shared/query-keys';
import { useLimits } from '../shared/limits';

type StatusFilter = BatchStatus | 'all';

/** 批次与检测: a supplier's batches, their inspection reports and logistics, and the public traceability page once approved. */
export function BatchesPage({ supplierId }: { supplierId: string }) {
  const { t, i18n } = useTranslation('supply');
  const [status, setStatus] = useState<StatusFilter>('all');
  const [productId, setProductId] = useState<string | undefined>();
  const [creating, setCreating] = useState(false);
  const [openId, setOpenId] = useState<string | null>(null);

  const products = useQuery({
    queryKey: supplierKeys.products(supplierId),
    queryFn: () => api<{ items: SupplyProduct[] }>(`/api/suppliers/${supplierId}/products`),
  });
  const batches = useQuery({
    queryKey: batchKeys.supplierList(supplierId, status, productId ?? ''),
    queryFn: () => {
      const q = new URLSearchParams({ supplierId });
      if (status !== 'all') q.set('status', status);
      if (productId) q.set('productId', productId);
      return api<{ items: BatchItem[] }>(`/api/batches?${q}`);
    },
  });
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

interface CreateForm { productId: string; producedAt: Dayjs; quantity: number; sourcePlace: string }

function CreateBatchDrawer({ supplierId, open, products, onClose, onCreated }: {
  supplierId: string; open: boolean; products: SupplyProduct[]; onClose: () => void; onCreated: (id: string) => void;
}) {
  const { t } = useTranslation('supply');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<CreateForm>();
  const [error, setError] = useState<string | null>(null);
  const productId = Form.useWatch('productId', form);
  const product = products.find((p) => p.id === productId);

  useEffect(() => {
    if (!open) return;
    setError(null);
    form.resetFields();
    const only = products.filter((p) => p.active);
    form.setFieldsValue({ productId: only.length === 1 ? only[0].id : undefined, producedAt: wallNow().second(0) });
    if (only.length === 1 && only[0].origin) form.setFieldValue('sourcePlace', only[0].origin);
  }, [open, form, products]);

  const create = useMutation({
    mutationFn: (v: CreateForm) => api<BatchItem>('/api/batches', {
      body: { productId: v.productId, producedAt: fromWall(v.producedAt).toISOString(), quantity: v.quantity, sourcePlace: v.sourcePlace.trim() },
    }),
    onSuccess: async (b) => {
      await queryClient.invalidateQueries({ queryKey: batchKeys.ofSupplier(supplierId) });
      message.success(t('batches.created', { code: b.code }));
      onCreated(b.id);
    },
    onError: (err) => setError(err.message),
  });

  const onProduct = (id: string) => {
    const p = products.find((x) => x.id === id);
    if (p?.origin && !form.getFieldValue('sourcePlace')) form.setFieldValue('sourcePlace', p.origin);
  };

  return (
    <Drawer
      title={t('createBatch.title')} open={open} onClose={onClose} size={520} destroyOnHidden
      extra={<Space><Button onClick={onClose}>{t('cancel')}</Button><Button type="primary" loading={create.isPending} onClick={() => form.submit()} data-testid="batch-submit">{t('createBatch.submit')}</Button></Space>}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} role="alert" closable={{ onClose: () => setError(null) }} />}
      <Form form={form} layout="vertical" requiredMark="optional" onFinish={(v) => { setError(null); create.mutate(v); }} data-testid="batch-form">
        <Form.Item name="productId" label={t('createBatch.product')} rules={[{ required: true, message: t('createBatch.productPlaceholder') }]}>
          <Select
            placeholder={t('createBatch.productPlaceholder')} onChange={onProduct} data-testid="batch-product" showSearch={{ optionFilterProp: 'search' }}
            options={products.map((p) => ({
              value: p.id, search: `${p.name} ${p.spec}`,
              label: <span>{p.name}<span className="cell-sub"> · {p.spec}</span>{!p.active && <Tag style={{ marginInlineStart: 6 }}>{t('createBatch.inactive')}</Tag>}</span>,
            }))}
          />
        </Form.Item>
        <Form.Item
          name="producedAt" label={t('createBatch.producedAt')} extra={t('createBatch.producedAtHint')}
          rules={[
            { required: true, message: t('fieldRequired', { field: t('createBatch.producedAt') }) },
            { validator: async (_, v: Dayjs | null) => { if (v && fromWall(v).getTime() > Date.now()) throw new Error(t('createBatch.producedInFuture')); } },
          ]}
        >
          <DatePicker
            showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} data-testid="batch-produced-at"
            disabledDate={(d) => d.isAfter(wallNow(), 'day')} showNow={false}
          />
        </Form.Item>
        <Form.Item
          name="quantity" label={t('createBatch.quantity')} extra={t('createBatch.quantityHint')}
          rules={[{ required: true, message: t('fieldRequired', { field: t('createBatch.quantity') }) }, {
            validator: async (_, v: number | null) => { if (v !== null && v !== undefined && (!Number.isInteger(v) || v < 1 || v > 10_000_000)) throw new Error(t('createBatch.quantityInvalid')); },
          }]}
        >
          <InputNumber<number> style={{ width: 220 }} controls={false} suffix={product?.unit} data-testid="batch-quantity" />
        </Form.Item>
        <Form.Item
          name="sourcePlace" label={t('createBatch.sourcePlace')} extra={t('createBatch.sourcePlaceHint')}
          rules={[
            { required: true, whitespace: true, message: t('fieldRequired', { field: t('createBatch.sourcePlace') }) },
            { validator: async (_, v: string) => { if (v && v.trim().length > 0 && v.trim().length < 2) throw new Error(t('createBatch.sourcePlaceShort')); } },
            { max: 200, message: t('maxLen', { n: 200 }) },
          ]}
        >
          <Input placeholder={t('createBatch.sourcePlacePlaceholder')} maxLength={200} data-testid="batch-source-place" />
        </Form.Item>
      </Form>
    </Drawer>
  );
}

function BatchDrawer({ supplierId, id, unit, onClose }: { supplierId: string; id: string | null; unit?: string; onClose: () => void }) {
  const { t } = useTranslation('supply');
  const [uploading, setUploading] = useState(false);
  const [addingEvent, setAddingEvent] = useState(false);
  const detail = useQuery({ queryKey: batchKeys.detail(id), queryFn: () => api<BatchDetail>(`/api/batches/${id}`), enabled: !!id });
  useEffect(() => { setUploading(false); setAddingEvent(false); }, [id]);
  const b = detail.data;

  return (
    <Drawer
      title={b ? <Space wrap><span>{b.productName}</span><span className="supply-code cell-sub">{b.code}</span><BatchStatusTag status={b.status} /></Space> : t('detail.facts')}
      open={!!id} onClose={onClose} size={720} destroyOnHidden
    >
      {detail.isPending && <Skeleton active paragraph={{ rows: 10 }} />}
      {detail.isError && <Alert type="error" showIcon title={detail.error.message} action={<Button onClick={() => detail.refetch()}>{t('retry')}</Button>} />}
      {b && (
        <>
          <BatchStateAlert batch={b} />
          <section className="supply-section">
            <BatchFacts batch={b} unit={unit} />
          </section>
          {b.status === 'approved' && (
            <section className="supply-section">
              <Typography.Title level={5}>{t('detail.trace')}</Typography.Title>
              <TraceBox code={b.code} />
            </section>
          )}
          <section className="supply-section">
            <div className="supply-section-head">
              <Typography.Title level={5}>{t('detail.inspections')}</Typography.Title>
              {b.status === 'pending' && !uploading && <Button onClick={() => setUploading(true)} data-testid="upload-inspection">{t('inspections.upload')}</Button>}
            </div>
            {uploading && b.status === 'pending' && <InspectionForm supplierId={supplierId} batch={b} onDone={() => setUploading(false)} />}
            <InspectionTable inspections={b.inspections} />
          </section>
          <section className="supply-section">
            <div className="supply-section-head">
              <Typography.Title level={5}>{t('detail.logistics')}</Typography.Title>
              {!addingEvent && <Button onClick={() => setAddingEvent(true)} data-testid="add-logistics">{t('logistics.add')}</Button>}
            </div>
            {addingEvent && <LogisticsForm supplierId={supplierId} batch={b} onDone={() => setAddingEvent(false)} />}
            <LogisticsTimeline events={b.logistics} />
          </section>
        </>
      )}
    </Drawer>
  );
}

/** What this batch is waiting for, in the supplier's words. */
function BatchStateAlert({ batch }: { batch: BatchDetail }) {
  const { t } = useTranslation('supply');
  const latest = [...batch.inspections].sort((a, b) => new Date(b.inspectedAt).getTime() - new Date(a.inspectedAt).getTime())[0];
  if (batch.status === 'approved') return <Alert type="success" showIcon title={t('detail.approved')} data-testid="batch-state" />;
  if (batch.status === 'rejected') {
    return <Alert type="error" showIcon title={t('detail.rejected')} description={batch.reviewNote ? t('batch.rejectedNote', { note: batch.reviewNote }) : undefined} data-testid="batch-state" />;
  }
  if (!latest) return <Alert type="warning" showIcon title={t('detail.pendingNoInspection')} data-testid="batch-state" />;
  if (latest.result === 'fail') return <Alert type="error" showIcon title={t('detail.pendingFailed')} data-testid="batch-state" />;
  return <Alert type="info" showIcon title={t('detail.pendingReady')} data-testid="batch-state" />;
}

interface InspectionValues { lab: string; date: Dayjs; result: 'pass' | 'fail'; summary?: string; report: UploadFile[] }

function InspectionForm({ supplierId, batch, onDone }: { supplierId: string; batch: BatchDetail; onDone: () => void }) {
  const { t } = useTranslation('supply');
  const maxBytes = useLimits().files.documentBytes;
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<InspectionValues>();
  const [error, setError] = useState<string | null>(null);

  const upload = useMutation({
    mutationFn: (v: InspectionValues) => {
      const today = wallNow();
      // A report dated today is stamped now; an earlier one at noon of its day (China time).
      const at = v.date.isSame(today, 'day') ? new Date() : fromWall(v.date.hour(12).minute(0).second(0));
      const fd = new FormData();
      fd.append('lab', v.lab.trim());
      fd.append('inspectedAt', at.toISOString());
      fd.append('result', v.result);
      fd.append('summary', (v.summary ?? '').trim());
      fd.append('report', v.report[0].originFileObj as File, v.report[0].name);
      return postForm<Inspection>(`/api/batches/${batch.id}/inspections`, fd);
    },
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: batchKeys.detail(batch.id) });
      await queryClient.invalidateQueries({ queryKey: batchKeys.ofSupplier(supplierId) });
      message.success(t('inspectionForm.done'));
      onDone();
    },
    onError: (err) => setError(err.message),
  });

  const problemText = (f: UploadFile) => {
    const p = reportProblem({ name: f.name, type: f.type ?? '', size: f.size ?? 0 }, maxBytes);
    return p ? t(`inspectionForm.${p}`) : null;
  };

  return (
    <div className="supply-subform" data-testid="inspection-form">
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} role="alert" />}
      <Form form={form} layout="vertical" requiredMark="optional" initialValues={{ result: 'pass', date: wallNow() }} onFinish={(v) => { setError(null); upload.mutate(v); }}>
        <div className="supply-row">
          <Form.Item name="lab" label={t('inspectionForm.lab')} style={{ flex: 2 }} rules={[
            { required: true, whitespace: true, message: t('fieldRequired', { field: t('inspectionForm.lab') }) },
            { validator: async (_, v: string) => { if (v && v.trim().length > 0 && v.trim().length < 2) throw new Error(t('inspectionForm.labShort')); } },
            { max: 100, message: t('maxLen', { n: 100 }) },
          ]}>
            <Input placeholder={t('inspectionForm.labPlaceholder')} maxLength={100} data-testid="inspection-lab" />
          </Form.Item>
          <Form.Item name="date" label={t('inspectionForm.date')} rules={[
            { required: true, message: t('fieldRequired', { field: t('inspectionForm.date') }) },
            { validator: async (_, v: Dayjs | null) => { if (v && v.isAfter(wallNow(), 'day')) throw new Error(t('inspectionForm.dateFuture')); } },
          ]}>
            <DatePicker style={{ width: '100%' }} disabledDate={(d) => d.isAfter(wallNow(), 'day')} data-testid="inspection-date" />
          </Form.Item>
        </div>
        <Form.Item name="result" label={t('inspectionForm.result')} rules={[{ required: true }]}>
          <Radio.Group optionType="button" buttonStyle="solid" data-testid="inspection-result" options={[
            { value: 'pass', label: t('inspectionResult.pass') },
            { value: 'fail', label: t('inspectionResult.fail') },
          ]} />
        </Form.Item>
        <Form.Item name="summary" label={t('inspectionForm.summary')} rules={[{ max: 1000, message: t('maxLen', { n: 1000 }) }]}>
          <Input.TextArea rows={2} maxLength={1000} showCount placeholder={t('inspectionForm.summaryPlaceholder')} data-testid="inspection-summary" />
        </Form.Item>
        <Form.Item
          name="report" label={t('inspectionForm.file')} extra={t('inspectionForm.fileHint')} valuePropName="fileList" required
          getValueFromEvent={(e: { fileList: UploadFile[] }) => e.fileList.slice(-1).map((f) => (problemText(f) ? { ...f, status: 'error' as const, response: problemText(f) } : f))}
          rules={[{
            validator: async (_, list: UploadFile[] | undefined) => {
              if (!list?.length) throw new Error(t('inspectionForm.fileRequired'));
              const p = problemText(list[0]);
              if (p) throw new Error(p);
            },
          }]}
        >
          <Upload
            accept={REPORT_ACCEPT} maxCount={1} beforeUpload={() => false}
            itemRender={(node, file) => (
              <div className="supply-upload-item">{node}{file.size ? <span className="cell-sub">{formatBytes(file.size)}</span> : null}</div>
            )}
          >
            <Button data-testid="inspection-file">{t('inspectionForm.choose')}</Button>
          </Upload>
        </Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" loading={upload.isPending} data-testid="inspection-submit">{t('inspectionForm.submit')}</Button>
            <Button onClick={onDone}>{t('cancel')}</Button>
          </Space>
        </Form.Item>
      </Form>
    </div>
  );
}

interface LogisticsValues { kind: Exclude<LogisticsKind, 'arrived_pickup'>; occurredAt: Dayjs; place?: string; temperatureC?: number | null; note?: string }

function LogisticsForm({ supplierId, batch, onDone }: { supplierId: string; batch: BatchDetail; onDone: () => void }) {
  const { t } = useTranslation('supply');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<LogisticsValues>();
  const [error, setError] = useState<string | null>(null);
  const kind = Form.useWatch('kind', form);
  const produced = toWall(batch.producedAt);

  const add = useMutation({
    mutationFn: (v: LogisticsValues) => api<LogisticsEvent>(`/api/batches/${batch.id}/logistics`, {
      body: {
        kind: v.kind, occurredAt: fromWall(v.occurredAt).toISOString(), place: (v.place ?? '').trim(),
        temperatureC: v.temperatureC ?? null, ...(v.note?.trim() ? { note: v.note.trim() } : {}),
      },
    }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: batchKeys.detail(batch.id) });
      await queryClient.invalidateQueries({ queryKey: batchKeys.ofSupplier(supplierId) });
      message.success(t('logistics.done'));
      onDone();
    },
    onError: (err) => setError(err.message),
  });

  return (
    <div className="supply-subform" data-testid="logistics-form">
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} role="alert" />}
      <Form
        form={form} layout="vertical" requiredMark="optional"
        initialValues={{ kind: batch.logistics.length ? 'temperature' : 'left_farm', occurredAt: wallNow().second(0) }}
        onFinish={(v) => { setError(null); add.mutate(v); }}
      >
        <div className="supply-row">
          <Form.Item name="kind" label={t('logistics.kind')} rules={[{ required: true }]} tooltip={t('logistics.pickupAuto')}>
            <Select data-testid="logistics-kind" options={(['left_farm', 'temperature', 'arrived_warehouse'] as const).map((k) => ({ value: k, label: t(`logisticsKind.${k}`) }))}
              onChange={() => void form.validateFields(['temperatureC']).catch(() => undefined)} />
          </Form.Item>
          <Form.Item name="occurredAt" label={t('logistics.occurredAt')} rules={[
            { required: true, message: t('fieldRequired', { field: t('logistics.occurredAt') }) },
            {
              validator: async (_, v: Dayjs | null) => {
                if (!v) return;
                const at = fromWall(v).getTime();
                if (at > Date.now() + 60_000) throw new Error(t('logistics.future'));
                if (at < new Date(batch.producedAt).getTime()) throw new Error(t('logistics.beforeProduction'));
              },
            },
          ]}>
            <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} showNow={false}
              disabledDate={(d) => d.isAfter(wallNow(), 'day') || d.isBefore(produced, 'day')} data-testid="logistics-time" />
          </Form.Item>
        </div>
        <div className="supply-row">
          <Form.Item name="place" label={t('logistics.place')} style={{ flex: 2 }} rules={[{ max: 200, message: t('maxLen', { n: 200 }) }]}>
            <Input placeholder={t('logistics.placePlaceholder')} maxLength={200} data-testid="logistics-place" />
          </Form.Item>
          <Form.Item
            name="temperatureC" label={t('logistics.temperature')} required={kind === 'temperature'}
            rules={[{
              validator: async (_, v: number | null | undefined) => {
                if (v === null || v === undefined) { if (form.getFieldValue('kind') === 'temperature') throw new Error(t('logistics.temperatureRequired')); return; }
                if (v < -40 || v > 60) throw new Error(t('logistics.temperatureRange'));
              },
            }]}
          >
            <InputNumber<number> step={0.1} suffix="℃" style={{ width: '100%' }} data-testid="logistics-temperature" />
          </Form.Item>
        </div>
        <Form.Item name="note" label={t('logistics.note')} rules={[{ max: 500, message: t('maxLen', { n: 500 }) }]}>
          <Input placeholder={t('logistics.notePlaceholder')} maxLength={500} data-testid="logistics-note" />
        </Form.Item>
        <Form.Item>
          <Space>
            <Button type="primary" htmlType="submit" loading={add.isPending} data-testid="logistics-submit">{t('logistics.submit')}</Button>
            <Button onClick={onDone}>{t('cancel')}</Button>
          </Space>
        </Form.Item>
      </Form>
    </div>
  );
}
