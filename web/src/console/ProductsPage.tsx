import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Drawer, Empty, Form, Input, Segmented, Space, Switch, Table, Tag, Typography } from 'antd';
import { imageUrlsValidator, yuanPriceValidator } from '../shared/validators';
import type { ColumnsType } from 'antd/es/table';
import { api, yuan } from '../shared/api';
import { fenToYuanInput, parseYuanToFen } from '../leader/lib';
import type { ConsoleProduct } from './types';
import { formatDate } from './CommunitiesPage';
import type { SupplierQueueItem, SupplierStatus } from '../supplier/types';
import { productKeys, supplierKeys } from '../shared/query-keys';

type ActiveFilter = 'all' | 'active' | 'inactive';

function Thumb({ src }: { src?: string }) {
  const [failed, setFailed] = useState(false);
  if (!src || failed) return <span className="product-thumb" aria-hidden="true">🛒</span>;
  return <img className="product-thumb" src={src} alt="" onError={() => setFailed(true)} />;
}

export function ProductsPage() {
  const { t, i18n } = useTranslation('console');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<ConsoleProduct | 'new' | null>(null);
  const [search, setSearch] = useState('');
  const [filter, setFilter] = useState<ActiveFilter>('all');
  const products = useQuery({ queryKey: productKeys.list(), queryFn: () => api<{ items: ConsoleProduct[] }>('/api/products') });
  // Who supplies each product, and whether that supplier may sell now.
  const suppliers = useQuery({ queryKey: supplierKeys.list(), queryFn: () => api<{ items: SupplierQueueItem[] }>('/api/suppliers') });
  const supplierById = useMemo(() => new Map((suppliers.data?.items ?? []).map((s) => [s.id, s])), [suppliers.data]);

  const toggle = useMutation({
    mutationFn: (p: { id: string; active: boolean }) => api<ConsoleProduct>(`/api/products/${p.id}`, { method: 'PATCH', body: { active: p.active } }),
    onSuccess: async (p) => {
      await queryClient.invalidateQueries({ queryKey: productKeys.all });
      message.success(p.active ? t('products.activated', { name: p.name }) : t('products.deactivated', { name: p.name }));
    },
    onError: (err) => message.error(err.message),
  });

  const rows = useMemo(() => {
    const q = search.trim().toLowerCase();
    return (products.data?.items ?? []).filter((p) =>
      (filter === 'all' || (filter === 'active') === p.active) &&
      (!q || [p.name, p.origin, p.spec].some((s) => s.toLowerCase().includes(q))));
  }, [products.data, search, filter]);

  const columns: ColumnsType<ConsoleProduct> = [
    { title: '', key: 'img', width: 72, render: (_, p) => <Thumb src={p.imageUrls[0]} /> },
    {
      title: t('products.name'), key: 'name',
      render: (_, p) => (
        <>
          <Typography.Text strong>{p.name}</Typography.Text><div className="cell-sub">{p.spec}</div>
          {!!p.standards?.length && <div className="cell-sub" title={t('products.supplierWordsHint')}>{t('products.supplierWords')}{p.standards.join('、')}</div>}
        </>
      ),
    },
    { title: t('products.unit'), dataIndex: 'unit', width: 80 },
    { title: t('products.origin'), dataIndex: 'origin', width: 200 },
    {
      title: t('products.supplier'), key: 'supplier', width: 180,
      render: (_, p) => {
        const s = p.supplierId ? supplierById.get(p.supplierId) : undefined;
        if (!p.supplierId) return <span className="cell-sub">{t('products.noSupplier')}</span>;
        if (!s) return <span className="cell-sub">…</span>;
        return <>{s.companyName}{s.status !== 'approved' && <div><Tag color="error">{t(`suppliers.status.${s.status as SupplierStatus}`)}</Tag></div>}</>;
      },
    },
    {
      title: t('products.listPrice'), dataIndex: 'listPriceFen', width: 120, align: 'right',
      sorter: (a, b) => a.listPriceFen - b.listPriceFen,
      render: (fen: number, p) => <>{yuan(fen)}<span className="cell-sub"> /{p.unit}</span></>,
    },
    {
      title: t('products.active'), dataIndex: 'active', width: 110,
      render: (active: boolean, p) => (
        <Space size={6}>
          <Switch size="small" checked={active} loading={toggle.isPending && toggle.variables?.id === p.id}
            onChange={(checked) => toggle.mutate({ id: p.id, active: checked })} aria-label={t('products.active')} />
          {active ? <Tag color="success">{t('products.on')}</Tag> : <Tag>{t('products.off')}</Tag>}
        </Space>
      ),
    },
    { title: t('products.createdAt'), dataIndex: 'createdAt', width: 120, render: (v: string) => formatDate(v, i18n.language) },
    { title: t('actions'), key: 'actions', width: 90, render: (_, p) => <Button type="link" size="small" onClick={() => setEditing(p)}>{t('edit')}</Button> },
  ];

  return (
    <div className="console-panel">
      <div className="console-toolbar">
        <h2>{t('products.title')}</h2>
        <Space wrap>
          <Input.Search allowClear placeholder={t('products.search')} value={search} onChange={(e) => setSearch(e.target.value)} style={{ width: 240 }} />
          <Segmented<ActiveFilter> value={filter} onChange={setFilter}
            options={[{ value: 'all', label: t('products.filterAll') }, { value: 'active', label: t('products.on') }, { value: 'inactive', label: t('products.off') }]} />
          <Button type="primary" onClick={() => setEditing('new')} data-testid="create-product">{t('products.create')}</Button>
        </Space>
      </div>
      {products.isError ? (
        <Alert type="error" showIcon message={products.error.message} action={<Button onClick={() => products.refetch()}>{t('retry', { ns: 'common' })}</Button>} />
      ) : (
        <Table<ConsoleProduct>
          rowKey="id" loading={products.isPending} dataSource={rows} columns={columns} scroll={{ x: 1180 }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: <Empty description={t('products.empty')} /> }}
        />
      )}
      <ProductDrawer product={editing} onClose={() => setEditing(null)} />
    </div>
  );
}

interface ProductForm {
  name: string; spec: string; unit: string; origin: string; description: string; imageUrls: string; price: string; active: boolean;
}

function ProductDrawer({ product, onClose }: { product: ConsoleProduct | 'new' | null; onClose: () => void }) {
  const { t } = useTranslation('console');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<ProductForm>();
  const [error, setError] = useState<string | null>(null);
  const existing = product && product !== 'new' ? product : null;
  const imageText = Form.useWatch('imageUrls', form) ?? '';
  const imageList = imageText.split('\n').map((s) => s.trim()).filter(Boolean);

  useEffect(() => {
    if (!product) return;
    setError(null);
    form.setFieldsValue(existing ? {
      name: existing.name, spec: existing.spec, unit: existing.unit, origin: existing.origin, description: existing.description,
      imageUrls: existing.imageUrls.join('\n'), price: fenToYuanInput(existing.listPriceFen), active: existing.active,
    } : { name: '', spec: '', unit: '', origin: '', description: '', imageUrls: '', price: '', active: true });
  }, [product, existing, form]);

  const save = useMutation({
    mutationFn: (v: ProductForm) => {
      const body = {
        name: v.name.trim(), spec: v.spec.trim(), unit: v.unit.trim(), origin: v.origin.trim(), description: (v.description ?? '').trim(),
        imageUrls: (v.imageUrls ?? '').split('\n').map((s) => s.trim()).filter(Boolean),
        listPriceFen: parseYuanToFen(v.price)!, active: v.active,
      };
      return existing
        ? api<ConsoleProduct>(`/api/products/${existing.id}`, { method: 'PATCH', body })
        : api<ConsoleProduct>('/api/products', { body });
    },
    onSuccess: async (p) => {
      await queryClient.invalidateQueries({ queryKey: productKeys.all });
      message.success(existing ? t('saved') : t('products.created', { name: p.name }));
      onClose();
    },
    onError: (err) => setError(err.message),
  });

  const required = (label: string, max: number) => [
    { required: true, whitespace: true, message: t('required', { field: label }) },
    { max, message: t('maxLen', { n: max }) },
  ];

  return (
    <Drawer
      title={existing ? t('products.editTitle', { name: existing.name }) : t('products.createTitle')}
      open={!!product} onClose={onClose} size={520} destroyOnHidden
      extra={<Space><Button onClick={onClose}>{t('cancel', { ns: 'common' })}</Button><Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="product-submit">{t('save')}</Button></Space>}
    >
      {error && <Alert type="error" showIcon message={error} style={{ marginBottom: 16 }} />}
      <Form form={form} layout="vertical" onFinish={(v) => { setError(null); save.mutate(v); }} requiredMark="optional">
        <Form.Item name="name" label={t('products.name')} rules={required(t('products.name'), 60)}>
          <Input placeholder={t('products.namePlaceholder')} maxLength={60} data-testid="product-name" />
        </Form.Item>
        <div style={{ display: 'flex', gap: 12 }}>
          <Form.Item name="spec" label={t('products.spec')} rules={required(t('products.spec'), 60)} style={{ flex: 2 }}>
            <Input placeholder={t('products.specPlaceholder')} maxLength={60} data-testid="product-spec" />
          </Form.Item>
          <Form.Item name="unit" label={t('products.unit')} rules={required(t('products.unit'), 10)} style={{ flex: 1 }}>
            <Input placeholder={t('products.unitPlaceholder')} maxLength={10} data-testid="product-unit" />
          </Form.Item>
        </div>
        <Form.Item name="origin" label={t('products.origin')} rules={required(t('products.origin'), 100)}>
          <Input placeholder={t('products.originPlaceholder')} maxLength={100} data-testid="product-origin" />
        </Form.Item>
        <Form.Item name="price" label={t('products.listPriceYuan')} rules={[{ required: true, whitespace: true, message: t('required', { field: t('products.listPrice') }) }, { validator: yuanPriceValidator(t) }]}>
          <Input prefix="¥" inputMode="decimal" placeholder="49.80" data-testid="product-price" />
        </Form.Item>
        <Form.Item name="description" label={t('products.description')} rules={[{ max: 2000, message: t('maxLen', { n: 2000 }) }]}>
          <Input.TextArea rows={4} maxLength={2000} showCount placeholder={t('products.descriptionPlaceholder')} />
        </Form.Item>
        <Form.Item name="imageUrls" label={t('products.images')} extra={t('products.imagesHint')} rules={[{ validator: imageUrlsValidator(t) }]}>
          <Input.TextArea rows={3} placeholder="https://…/photo.jpg" />
        </Form.Item>
        {imageList.length > 0 && (
          <div className="image-previews" style={{ marginTop: -12, marginBottom: 16 }}>
            {imageList.slice(0, 9).map((u) => <img key={u} src={u} alt="" onError={(e) => { (e.target as HTMLImageElement).style.visibility = 'hidden'; }} />)}
          </div>
        )}
        <Form.Item name="active" label={t('products.active')} valuePropName="checked" extra={t('products.activeHint')}>
          <Switch />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
