import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, App, Button, DatePicker, Drawer, Form, Input, InputNumber, Select, Space, Tag } from 'antd';
import type { Dayjs } from 'dayjs';
import { type SupplyProduct } from '../supply-types';
import { fromWall, wallNow } from '../supply-lib';
import { useCreateBatch } from './useBatches';

export interface CreateForm { productId: string; producedAt: Dayjs; quantity: number; sourcePlace: string }

export function CreateBatchDrawer({ supplierId, open, products, onClose, onCreated }: {
  supplierId: string; open: boolean; products: SupplyProduct[]; onClose: () => void; onCreated: (id: string) => void;
}) {
  const { t } = useTranslation('supply');
  const { message } = App.useApp();
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

  const create = useCreateBatch(supplierId, {
    onSuccess: (b) => {
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
      <Form form={form} layout="vertical" requiredMark="optional" onFinish={(v) => { setError(null); create.mutate({ productId: v.productId, producedAt: fromWall(v.producedAt).toISOString(), quantity: v.quantity, sourcePlace: v.sourcePlace.trim() }); }} data-testid="batch-form">
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
