import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Drawer, Empty, Form, Input, Result, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { imageUrlsValidator, yuanPriceValidator } from '../shared/validators';
import type { ColumnsType } from 'antd/es/table';
import { api, yuan } from '../shared/api';
import { fenToYuanInput, parseYuanToFen } from '../leader/lib';
import { useMe } from '../shared/auth';
import { currentSupplier, parseDays, STANDARD_SUGGESTIONS } from './lib';
import type { ProductCategory, SupplierProduct } from './types';
import { supplierKeys } from '../shared/query-keys';

const CATEGORIES: ProductCategory[] = ['fresh_produce', 'packaged_food', 'other'];

export function ProductsPage({ supplierId }: { supplierId: string }) {
  const { t } = useTranslation('supplier');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const me = useMe();
  const status = me.data ? currentSupplier(me.data)?.status : undefined;
  const canEdit = status === 'approved';
  const [editing, setEditing] = useState<SupplierProduct | 'new' | null>(null);
  const products = useQuery({ queryKey: supplierKeys.products(supplierId), queryFn: () => api<{ items: SupplierProduct[] }>(`/api/suppliers/${supplierId}/products`) });

  const toggle = useMutation({
    mutationFn: (p: { id: string; active: boolean }) => api<SupplierProduct>(`/api/suppliers/${supplierId}/products/${p.id}`, { method: 'PATCH', body: { active: p.active } }),
    onSuccess: async (p) => {
      await queryClient.invalidateQueries({ queryKey: supplierKeys.products(supplierId) });
      message.success(p.active ? t('products.activated', { name: p.name }) : t('products.deactivated', { name: p.name }));
    },
    onError: (err) => message.error(err.message),
  });

  if (status && status !== 'approved' && status !== 'suspended') {
    return <div className="supplier-panel"><Result status="info" title={t('products.locked')} /></div>;
  }

  const columns: ColumnsType<SupplierProduct> = [
    {
      title: t('products.name'), key: 'name', width: 220,
      render: (_, p) => <><Typography.Text strong>{p.name}</Typography.Text><div className="cell-sub">{p.spec} · {t(`products.categories.${p.category}`)}</div></>,
    },
    { title: t('products.origin'), dataIndex: 'origin', width: 120 },
    {
      title: t('products.shelfLife'), key: 'keep', width: 170,
      render: (_, p) => <>{p.shelfLifeDays ? t('products.shelfLifeValue', { n: p.shelfLifeDays }) : '—'}{p.storage && <div className="cell-sub">{p.storage}</div>}</>,
    },
    {
      title: t('products.standards'), dataIndex: 'standards', width: 190,
      render: (s: string[]) => s.length ? <span className="cell-sub">{s.join('、')}</span> : '—',
    },
    {
      title: t('products.listPrice'), dataIndex: 'listPriceFen', width: 120, align: 'right',
      render: (fen: number, p) => <>{yuan(fen)}<span className="cell-sub"> /{p.unit}</span></>,
    },
    {
      title: t('products.active'), dataIndex: 'active', width: 140,
      render: (active: boolean, p) => (
        <Space size={6}>
          <Switch size="small" checked={active} disabled={!canEdit} loading={toggle.isPending && toggle.variables?.id === p.id}
            onChange={(checked) => toggle.mutate({ id: p.id, active: checked })} aria-label={t('products.active')} />
          {active ? <Tag color="success">{t('products.on')}</Tag> : <Tag>{t('products.off')}</Tag>}
        </Space>
      ),
    },
    { title: t('actions'), key: 'actions', width: 90, fixed: 'right', render: (_, p) => <Button type="link" size="small" disabled={!canEdit} onClick={() => setEditing(p)}>{t('edit')}</Button> },
  ];

  return (
    <div className="supplier-panel">
      <div className="supplier-toolbar">
        <h2>{t('products.title')}</h2>
        <Button type="primary" disabled={!canEdit} onClick={() => setEditing('new')} data-testid="create-product">{t('products.create')}</Button>
      </div>
      {status === 'suspended'
        ? <Alert type="error" showIcon title={t('products.lockedSuspended')} style={{ marginBottom: 16 }} />
        : <Alert type="info" showIcon title={t('products.nextSteps')} style={{ marginBottom: 16 }} />}
      {products.isError ? (
        <Alert type="error" showIcon title={products.error.message} action={<Button onClick={() => products.refetch()}>{t('retry', { ns: 'common' })}</Button>} />
      ) : (
        <Table<SupplierProduct>
          rowKey="id" loading={products.isPending} dataSource={products.data?.items ?? []} columns={columns} scroll={{ x: 1050 }}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          locale={{ emptyText: <Empty description={t('products.empty')} /> }}
        />
      )}
      <ProductDrawer supplierId={supplierId} product={editing} onClose={() => setEditing(null)} />
    </div>
  );
}

interface ProductForm {
  name: string; category: ProductCategory; spec: string; unit: string; origin: string; shelfLifeDays: string; storage: string;
  standards: string[]; price: string; description: string; imageUrls: string; active: boolean;
}

function ProductDrawer({ supplierId, product, onClose }: { supplierId: string; product: SupplierProduct | 'new' | null; onClose: () => void }) {
  const { t } = useTranslation('supplier');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<ProductForm>();
  const [error, setError] = useState<string | null>(null);
  const existing = product && product !== 'new' ? product : null;
  const category = Form.useWatch('category', form);
  const isFood = category !== 'other';

  useEffect(() => {
    if (!product) return;
    setError(null);
    form.setFieldsValue(existing ? {
      name: existing.name, category: existing.category, spec: existing.spec, unit: existing.unit, origin: existing.origin,
      shelfLifeDays: existing.shelfLifeDays ? String(existing.shelfLifeDays) : '', storage: existing.storage, standards: existing.standards,
      price: fenToYuanInput(existing.listPriceFen), description: existing.description, imageUrls: existing.imageUrls.join('\n'), active: existing.active,
    } : { name: '', category: 'fresh_produce', spec: '', unit: '', origin: '', shelfLifeDays: '', storage: '', standards: [], price: '', description: '', imageUrls: '', active: true });
  }, [product, existing, form]);

  const save = useMutation({
    mutationFn: (v: ProductForm) => {
      const body = {
        name: v.name.trim(), category: v.category, spec: v.spec.trim(), unit: v.unit.trim(), origin: v.origin.trim(),
        shelfLifeDays: parseDays(v.shelfLifeDays), storage: (v.storage ?? '').trim(),
        standards: [...new Set((v.standards ?? []).map((s) => s.trim()).filter(Boolean))],
        // Yuan typed as text → integer fen, parsed from the string: never a float.
        listPriceFen: parseYuanToFen(v.price)!, description: (v.description ?? '').trim(),
        imageUrls: (v.imageUrls ?? '').split('\n').map((s) => s.trim()).filter(Boolean), active: v.active,
      };
      return existing
        ? api<SupplierProduct>(`/api/suppliers/${supplierId}/products/${existing.id}`, { method: 'PATCH', body })
        : api<SupplierProduct>(`/api/suppliers/${supplierId}/products`, { body });
    },
    onSuccess: async (p) => {
      await queryClient.invalidateQueries({ queryKey: supplierKeys.detail(supplierId) });
      message.success(existing ? t('saved') : t('products.created', { name: p.name }));
      onClose();
    },
    onError: (err) => setError(err.message),
  });

  const required = (label: string, max: number) => [
    { required: true, whitespace: true, message: t('fieldRequired', { field: label }) },
    { max, message: t('maxLen', { n: max }) },
  ];

  return (
    <Drawer
      title={existing ? t('products.editTitle', { name: existing.name }) : t('products.createTitle')}
      open={!!product} onClose={onClose} size={560} destroyOnHidden
      extra={<Space><Button onClick={onClose}>{t('cancel')}</Button><Button type="primary" loading={save.isPending} onClick={() => form.submit()} data-testid="product-submit">{t('save')}</Button></Space>}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} role="alert" />}
      <Form form={form} layout="vertical" onFinish={(v) => { setError(null); save.mutate(v); }} requiredMark="optional">
        <div style={{ display: 'flex', gap: 12 }}>
          <Form.Item name="name" label={t('products.name')} rules={required(t('products.name'), 60)} style={{ flex: 2 }}>
            <Input placeholder={t('products.namePlaceholder')} maxLength={60} data-testid="product-name" />
          </Form.Item>
          <Form.Item name="category" label={t('products.category')} rules={[{ required: true }]} style={{ flex: 1 }}>
            <Select options={CATEGORIES.map((c) => ({ value: c, label: t(`products.categories.${c}`) }))} data-testid="product-category" />
          </Form.Item>
        </div>
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
        <div style={{ display: 'flex', gap: 12 }}>
          <Form.Item name="shelfLifeDays" label={t('products.shelfLifeDays')} style={{ flex: 1 }} dependencies={['category']} rules={[{
            validator: async (_, v: string) => {
              if (!String(v ?? '').trim()) { if (isFood) throw new Error(t('products.shelfLifeRequired')); return; }
              if (parseDays(v) === null) throw new Error(t('products.shelfLifeInvalid'));
            },
          }]}>
            <Input inputMode="numeric" placeholder="7" suffix={t('products.shelfLifeValue', { n: '' }).trim()} data-testid="product-shelf-life" />
          </Form.Item>
          <Form.Item name="storage" label={t('products.storage')} style={{ flex: 2 }} dependencies={['category']} rules={[
            { max: 100, message: t('maxLen', { n: 100 }) },
            { validator: async (_, v: string) => { if (isFood && !v?.trim()) throw new Error(t('products.storageRequired')); } },
          ]}>
            <Input placeholder={t('products.storagePlaceholder')} maxLength={100} data-testid="product-storage" />
          </Form.Item>
        </div>
        <Form.Item name="standards" label={t('products.standards')} extra={t('products.standardsHint')} rules={[{
          validator: async (_, v: string[] = []) => {
            if (v.length > 12) throw new Error(t('products.standardsTooMany'));
            if (v.some((s) => s.trim().length > 20)) throw new Error(t('products.standardTooLong'));
          },
        }]}>
          <Select mode="tags" tokenSeparators={[',', '，', '、']} options={STANDARD_SUGGESTIONS.map((s) => ({ value: s, label: s }))} data-testid="product-standards" />
        </Form.Item>
        <Form.Item name="price" label={t('products.listPriceYuan')} rules={[{ required: true, whitespace: true, message: t('fieldRequired', { field: t('products.listPrice') }) }, { validator: yuanPriceValidator(t) }]}>
          <Input prefix="¥" inputMode="decimal" placeholder="32.80" data-testid="product-price" />
        </Form.Item>
        <Form.Item name="description" label={t('products.description')} rules={[{ max: 2000, message: t('maxLen', { n: 2000 }) }]}>
          <Input.TextArea rows={3} maxLength={2000} showCount placeholder={t('products.descriptionPlaceholder')} />
        </Form.Item>
        <Form.Item name="imageUrls" label={t('products.images')} extra={t('products.imagesHint')} rules={[{ validator: imageUrlsValidator(t) }]}>
          <Input.TextArea rows={2} placeholder="https://…/photo.jpg" />
        </Form.Item>
        <Form.Item name="active" label={t('products.active')} valuePropName="checked">
          <Switch />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
