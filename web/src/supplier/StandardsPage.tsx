import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, DatePicker, Drawer, Empty, Form, Input, List, Select, Space, Table, Tag, Typography, Upload } from 'antd';
import type { UploadFile } from 'antd/es/upload/interface';
import type { Dayjs } from 'dayjs';
import { api, postForm, ApiError } from '../shared/api';
import { standardsKeys } from '../shared/query-keys';
import { useStandardsVocabulary, type Certificate, type SupplierProductStandards } from '../shared/standards';

type Row = SupplierProductStandards;
type Std = Row['standards'][number];
const STATUS_COLOR: Record<Std['status'], string> = { proven: 'green', awaiting_review: 'blue', rejected: 'red', not_proved: 'default' };

/** /supplier/standards — which of my products carry which standard, which lost it and why; certificates. */
export default function SupplierStandardsPage({ supplierId }: { supplierId: string }) {
  const { t, i18n } = useTranslation('standards');
  const en = i18n.language === 'en';
  const data = useQuery({ queryKey: standardsKeys.ofSupplier(supplierId), queryFn: () => api<{ items: Row[] }>(`/api/suppliers/${supplierId}/standards`) });
  const [certsFor, setCertsFor] = useState<Row | null>(null);
  const rows = data.data?.items ?? [];
  const standards = rows[0]?.standards ?? [];

  return (
    <div className="supplier-panel">
      <Typography.Title level={4}>{t('supplier.title')}</Typography.Title>
      <Alert type="info" showIcon title={t('supplier.intro')} style={{ marginBottom: 16 }} />
      {data.data && !rows.length && <Empty description={t('supplier.empty')} />}
      {data.data && rows.length > 0 && !standards.length && <Empty description={t('supplier.noStandards')} />}
      {rows.length > 0 && standards.length > 0 && (
        <Table<Row> rowKey="productId" loading={data.isPending} dataSource={rows} pagination={false} scroll={{ x: 'max-content' }}
          expandable={{ rowExpandable: (r) => r.history.length > 0, expandedRowRender: (r) => <History row={r} /> }}
          columns={[
            { title: t('supplier.product'), key: 'p', fixed: 'left', width: 180, render: (_, r) => <><Typography.Text strong>{r.productName}</Typography.Text><div><Button size="small" type="link" style={{ padding: 0 }} onClick={() => setCertsFor(r)}>{t('supplier.certificates')}</Button></div></> },
            ...standards.map((s, i) => ({
              title: en ? s.nameEn : s.nameZh, key: s.standardId, width: 240,
              render: (_: unknown, r: Row) => <StandardCell s={r.standards[i]} />,
            })),
          ]} />
      )}
      <Drawer open={!!certsFor} width={560} onClose={() => setCertsFor(null)} title={certsFor ? `${certsFor.productName} · ${t('supplier.certificates')}` : ''} destroyOnHidden>
        {certsFor && <Certificates supplierId={supplierId} productId={certsFor.productId} />}
      </Drawer>
    </div>
  );
}

function StandardCell({ s }: { s: Std }) {
  const { t, i18n } = useTranslation('standards');
  const en = i18n.language === 'en';
  const failing = s.criteria.filter((c) => !c.proved);
  return (
    <div data-testid="supplier-standard-cell">
      <Space size={4} wrap>
        <Tag color={STATUS_COLOR[s.status]}>{t(`status.${s.status}`)}</Tag>
        {s.lost && <Tag color="orange">{t('status.lost')}</Tag>}
      </Space>
      {s.rejectReason && <div className="cell-sub">{s.rejectReason}</div>}
      {failing.map((c, i) => <div key={i} className="cell-sub">· {en ? c.nameEn : c.nameZh}：{c.reason ? t(`reason.${c.reason}`) : ''}</div>)}
      {s.batchCode && <div className="cell-sub">{t('supplier.batch')} {s.batchCode}</div>}
    </div>
  );
}

function History({ row }: { row: Row }) {
  const { t, i18n } = useTranslation('standards');
  const en = i18n.language === 'en';
  return (
    <List size="small" header={t('supplier.history')} dataSource={row.history} renderItem={(h) => (
      <List.Item>
        <Space wrap>
          <span className="supply-num">{h.reviewedAt.slice(0, 10)}</span>
          <b>{en ? h.standardNameEn : h.standardNameZh}</b> v{h.standardVersion}
          <span>{h.batchCode}</span>
          <Tag color={h.decision === 'accepted' ? 'green' : 'red'}>{t(`supplier.${h.decision}`)}</Tag>
          {h.reason && <span className="cell-sub">{h.reason}</span>}
        </Space>
      </List.Item>
    )} />
  );
}

type CertForm = { type: string; issuer: string; number: string; validFrom: Dayjs; validUntil: Dayjs; document: UploadFile[] };

function Certificates({ supplierId, productId }: { supplierId: string; productId: string }) {
  const { t, i18n } = useTranslation('standards');
  const en = i18n.language === 'en';
  const { message } = App.useApp();
  const qc = useQueryClient();
  const vocab = useStandardsVocabulary();
  const list = useQuery({ queryKey: standardsKeys.certificates(productId), queryFn: () => api<{ items: Certificate[] }>(`/api/products/${productId}/certificates`) });
  const [error, setError] = useState<string | null>(null);
  const [form] = Form.useForm<CertForm>();
  const add = useMutation({
    mutationFn: (v: CertForm) => {
      const fd = new FormData();
      fd.append('type', v.type);
      fd.append('issuer', v.issuer.trim());
      fd.append('number', v.number.trim());
      fd.append('validFrom', v.validFrom.format('YYYY-MM-DD'));
      fd.append('validUntil', v.validUntil.format('YYYY-MM-DD'));
      fd.append('document', v.document[0].originFileObj as File, v.document[0].name);
      return postForm<Certificate>(`/api/products/${productId}/certificates`, fd);
    },
    onSuccess: () => { message.success(t('supplier.saved')); form.resetFields(); setError(null); void qc.invalidateQueries({ queryKey: standardsKeys.certificates(productId) }); void qc.invalidateQueries({ queryKey: standardsKeys.ofSupplier(supplierId) }); },
    onError: (e: Error) => setError(e instanceof ApiError ? e.message : String(e)),
  });
  const typeName = (k: string) => { const c = vocab.data?.certificateTypes.find((x) => x.key === k); return c ? (en ? c.en : c.zh) : k; };
  return (
    <>
      <List size="small" dataSource={list.data?.items ?? []} locale={{ emptyText: t('reason.no_certificate') }} renderItem={(c) => (
        <List.Item extra={<a href={c.documentUrl} target="_blank" rel="noreferrer">{t('badges.viewCertificate')}</a>}>
          <List.Item.Meta title={`${typeName(c.type)} · ${c.number}`} description={`${c.issuer} · ${c.validFrom} – ${c.validUntil}`} />
        </List.Item>
      )} />
      <Typography.Title level={5} style={{ marginTop: 16 }}>{t('supplier.addCertificate')}</Typography.Title>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} role="alert" />}
      <Form form={form} layout="vertical" onFinish={(v) => add.mutate(v)}>
        <Form.Item name="type" label={t('supplier.type')} rules={[{ required: true }]}><Select options={(vocab.data?.certificateTypes ?? []).map((c) => ({ value: c.key, label: en ? c.en : c.zh }))} /></Form.Item>
        <Form.Item name="issuer" label={t('supplier.issuer')} rules={[{ required: true, whitespace: true }]}><Input maxLength={120} /></Form.Item>
        <Form.Item name="number" label={t('supplier.number')} rules={[{ required: true, whitespace: true }]}><Input maxLength={80} /></Form.Item>
        <Space>
          <Form.Item name="validFrom" label={t('supplier.validFrom')} rules={[{ required: true }]}><DatePicker /></Form.Item>
          <Form.Item name="validUntil" label={t('supplier.validUntil')} rules={[{ required: true }]}><DatePicker /></Form.Item>
        </Space>
        <Form.Item name="document" label={t('supplier.document')} valuePropName="fileList" getValueFromEvent={(e: { fileList: UploadFile[] }) => e.fileList.slice(-1)} rules={[{ required: true }]}>
          <Upload accept=".pdf,image/*" maxCount={1} beforeUpload={() => false}><Button>{t('supplier.addCertificate')}</Button></Upload>
        </Form.Item>
        <Button type="primary" htmlType="submit" loading={add.isPending}>{t('supplier.save')}</Button>
      </Form>
    </>
  );
}
