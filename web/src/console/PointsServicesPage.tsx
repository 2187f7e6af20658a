import { useState } from 'react';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Form, Input, InputNumber, Space, Table, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../shared/api';
import type { components } from '../shared/api-types';
import { pointsKeys } from '../shared/query-keys';

type PointsService = components['schemas']['PointsService'];

/** /console/points — the services residents may redeem with points: list one, change its price, take it down. */
export function PointsServicesPage() {
  const { t } = useTranslation('points');
  const { message } = App.useApp();
  const qc = useQueryClient();
  const list = useQuery({ queryKey: pointsKeys.consoleServices(), queryFn: () => api<{ items: PointsService[] }>('/api/console/points/services') });
  const refresh = () => qc.invalidateQueries({ queryKey: pointsKeys.all });
  const create = useMutation({ mutationFn: (body: { name: string; description?: string; pricePoints: number }) => api<PointsService>('/api/console/points/services', { body }), onSuccess: refresh });
  const update = useMutation({ mutationFn: ({ id, ...body }: { id: string; active?: boolean; pricePoints?: number }) => api<PointsService>(`/api/console/points/services/${id}`, { method: 'PATCH', body }), onSuccess: refresh });
  const [form] = Form.useForm();
  const [prices, setPrices] = useState<Record<string, number>>({});
  const fail = (e: Error) => message.error(e.message);
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <div>
        <Typography.Title level={3}>{t('console.title')}</Typography.Title>
        <Typography.Text type="secondary">{t('console.subtitle')}</Typography.Text>
      </div>
      <Card title={t('console.add')}>
        <Form form={form} layout="inline" onFinish={(v) => create.mutate(v, { onSuccess: () => form.resetFields(), onError: fail })}>
          <Form.Item name="name" label={t('console.name')} rules={[{ required: true }]}><Input maxLength={40} /></Form.Item>
          <Form.Item name="description" label={t('console.description')}><Input maxLength={300} style={{ width: 280 }} /></Form.Item>
          <Form.Item name="pricePoints" label={t('console.price')} rules={[{ required: true }]}><InputNumber min={1} max={100000} precision={0} /></Form.Item>
          <Button type="primary" htmlType="submit" loading={create.isPending}>{t('console.add')}</Button>
        </Form>
      </Card>
      <Table<PointsService> rowKey="id" loading={list.isPending} dataSource={list.data?.items ?? []} pagination={false}
        columns={[
          { title: t('console.name'), dataIndex: 'name' },
          { title: t('console.description'), dataIndex: 'description' },
          { title: t('console.price'), dataIndex: 'pricePoints', render: (_, s) => (
            <Space>
              <InputNumber min={1} max={100000} precision={0} value={prices[s.id] ?? s.pricePoints} onChange={(v) => setPrices({ ...prices, [s.id]: Number(v) })} />
              {prices[s.id] !== undefined && prices[s.id] !== s.pricePoints && <Button onClick={() => update.mutate({ id: s.id, pricePoints: prices[s.id] }, { onError: fail })}>{t('console.save')}</Button>}
            </Space>
          ) },
          { title: '', dataIndex: 'active', render: (_, s) => (
            <Space>
              <Tag color={s.active ? 'green' : 'default'}>{s.active ? t('console.active') : t('console.inactive')}</Tag>
              <Button size="small" onClick={() => update.mutate({ id: s.id, active: !s.active }, { onError: fail })}>{s.active ? t('console.takeDown') : t('console.putUp')}</Button>
            </Space>
          ) },
        ]} />
    </Space>
  );
}
