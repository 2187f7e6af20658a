import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Drawer, Form, Input, InputNumber, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { api, ApiError } from '../../shared/api';
import { standardsKeys } from '../../shared/query-keys';
import { useStandardsVocabulary, type Standard, type StandardCriterion } from '../../shared/standards';

type CriterionForm = Partial<StandardCriterion>;
type StandardForm = { nameZh: string; nameEn: string; descriptionZh?: string; descriptionEn?: string; active?: boolean; criteria: CriterionForm[] };

/** /console/standards — what each standard asks and how each criterion is proved (the criteria editor). */
export default function StandardsPage() {
  const { t, i18n } = useTranslation('standards');
  const en = i18n.language === 'en';
  const list = useQuery({ queryKey: standardsKeys.list(), queryFn: () => api<{ items: Standard[] }>('/api/standards') });
  const vocab = useStandardsVocabulary();
  const [editing, setEditing] = useState<Standard | 'new' | null>(null);
  const analyteName = (k?: string) => { const a = vocab.data?.analytes.find((x) => x.key === k); return a ? (en ? a.en : a.zh) : k; };
  const certName = (k?: string) => { const c = vocab.data?.certificateTypes.find((x) => x.key === k); return c ? (en ? c.en : c.zh) : k; };
  const describe = (c: StandardCriterion) => c.method === 'report_value'
    ? `${analyteName(c.analyte)}：${c.rule === 'not_detected' ? t('console.ruleNotDetected') : `≤ ${c.limit} ${c.unit}`}`
    : c.method === 'certificate' ? certName(c.certificateType) : t('console.traceSteps');

  return (
    <div className="console-panel">
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }} align="start">
        <Typography.Paragraph type="secondary" style={{ maxWidth: 760, margin: 0 }}>{t('console.intro')}</Typography.Paragraph>
        <Button type="primary" onClick={() => setEditing('new')} data-testid="new-standard">{t('console.create')}</Button>
      </Space>
      <Table<Standard> rowKey="id" loading={list.isPending} dataSource={list.data?.items ?? []} pagination={false}
        columns={[
          { title: t('console.title'), key: 'name', width: 200, render: (_, s) => <><Typography.Text strong>{en ? s.nameEn : s.nameZh}</Typography.Text><div className="cell-sub">{en ? s.nameZh : s.nameEn}</div></> },
          { title: t('console.criteria'), key: 'criteria', render: (_, s) => <ol style={{ margin: 0, paddingLeft: 18 }}>{s.criteria.map((c, i) => <li key={i}><b>{en ? c.nameEn : c.nameZh}</b> <Tag>{t(`badges.method.${c.method}`)}</Tag><span className="cell-sub">{describe(c)}</span></li>)}</ol> },
          { title: t('console.version'), dataIndex: 'version', width: 70 },
          { title: t('console.active'), key: 'active', width: 90, render: (_, s) => s.active ? <Tag color="green">{t('console.active')}</Tag> : <Tag>{t('console.inactive')}</Tag> },
          { title: '', key: 'edit', width: 80, render: (_, s) => <Button type="link" onClick={() => setEditing(s)}>{t('console.edit')}</Button> },
        ]} />
      <Drawer open={!!editing} width={720} onClose={() => setEditing(null)} title={editing === 'new' ? t('console.create') : t('console.edit')} destroyOnHidden>
        {editing && <StandardEditor standard={editing === 'new' ? null : editing} onDone={() => setEditing(null)} />}
      </Drawer>
    </div>
  );
}

function StandardEditor({ standard, onDone }: { standard: Standard | null; onDone: () => void }) {
  const { t, i18n } = useTranslation('standards');
  const en = i18n.language === 'en';
  const { message } = App.useApp();
  const qc = useQueryClient();
  const vocab = useStandardsVocabulary();
  const [form] = Form.useForm<StandardForm>();
  const save = useMutation({
    mutationFn: (v: StandardForm) => standard ? api<Standard>(`/api/standards/${standard.id}`, { method: 'PUT', body: v }) : api<Standard>('/api/standards', { method: 'POST', body: v }),
    onSuccess: () => { void qc.invalidateQueries({ queryKey: standardsKeys.all }); message.success(t('console.saved')); onDone(); },
    onError: (e: Error) => message.error(e instanceof ApiError ? e.message : String(e)),
  });
  const initial: StandardForm = standard
    ? { nameZh: standard.nameZh, nameEn: standard.nameEn, descriptionZh: standard.descriptionZh, descriptionEn: standard.descriptionEn, active: standard.active, criteria: standard.criteria }
    : { nameZh: '', nameEn: '', criteria: [{ method: 'report_value', rule: 'not_detected' }] };
  const analyteOptions = (vocab.data?.analytes ?? []).map((a) => ({ value: a.key, label: `${en ? a.en : a.zh}（${a.unit}）` }));
  const certOptions = (vocab.data?.certificateTypes ?? []).map((c) => ({ value: c.key, label: en ? c.en : c.zh }));

  return (
    <Form form={form} layout="vertical" initialValues={initial} onFinish={(v) => save.mutate({ ...v, criteria: (v.criteria ?? []).map((c) => ({ ...c, unit: c.method === 'report_value' && c.rule === 'at_most' ? vocab.data?.analytes.find((a) => a.key === c.analyte)?.unit : undefined })) })}>
      <Space.Compact block>
        <Form.Item name="nameZh" label={t('console.nameZh')} rules={[{ required: true }]} style={{ flex: 1 }}><Input maxLength={30} /></Form.Item>
        <Form.Item name="nameEn" label={t('console.nameEn')} rules={[{ required: true }]} style={{ flex: 1 }}><Input maxLength={60} /></Form.Item>
      </Space.Compact>
      <Form.Item name="descriptionZh" label={t('console.descriptionZh')}><Input.TextArea rows={2} maxLength={1000} /></Form.Item>
      <Form.Item name="descriptionEn" label={t('console.descriptionEn')}><Input.TextArea rows={2} maxLength={2000} /></Form.Item>
      {standard && <Form.Item name="active" label={t('console.active')} valuePropName="checked"><Switch /></Form.Item>}
      <Typography.Title level={5}>{t('console.criteria')}</Typography.Title>
      <Form.List name="criteria">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f, i) => (
              <Card key={f.key} size="small" style={{ marginBottom: 8 }} title={`${i + 1}`} extra={<Button type="link" danger onClick={() => remove(f.name)}>×</Button>}>
                <Space.Compact block>
                  <Form.Item name={[f.name, 'nameZh']} label={t('console.criterionNameZh')} rules={[{ required: true }]} style={{ flex: 1 }}><Input /></Form.Item>
                  <Form.Item name={[f.name, 'nameEn']} label={t('console.criterionNameEn')} rules={[{ required: true }]} style={{ flex: 1 }}><Input /></Form.Item>
                </Space.Compact>
                <Form.Item name={[f.name, 'method']} label={t('console.method')}>
                  <Select options={(['report_value', 'certificate', 'trace'] as const).map((m) => ({ value: m, label: t(`badges.method.${m}`) }))} />
                </Form.Item>
                <Form.Item noStyle shouldUpdate>
                  {() => {
                    const c = form.getFieldValue(['criteria', f.name]) as CriterionForm | undefined;
                    if (c?.method === 'certificate') return <Form.Item name={[f.name, 'certificateType']} label={t('console.certificateType')}><Select options={certOptions} /></Form.Item>;
                    if (c?.method === 'trace') return <Typography.Text type="secondary">{t('console.traceSteps')}</Typography.Text>;
                    if (c?.method !== 'report_value') return null;
                    return (
                      <Space wrap>
                        <Form.Item name={[f.name, 'analyte']} label={t('console.analyte')}><Select options={analyteOptions} style={{ width: 260 }} /></Form.Item>
                        <Form.Item name={[f.name, 'rule']} label={t('console.rule')}><Select style={{ width: 140 }} options={[{ value: 'not_detected', label: t('console.ruleNotDetected') }, { value: 'at_most', label: t('console.ruleAtMost') }]} /></Form.Item>
                        {c.rule === 'at_most' && <Form.Item name={[f.name, 'limit']} label={`${t('console.limit')}（${vocab.data?.analytes.find((a) => a.key === c.analyte)?.unit ?? ''}）`}><InputNumber min={0} /></Form.Item>}
                      </Space>
                    );
                  }}
                </Form.Item>
              </Card>
            ))}
            <Button onClick={() => add({ method: 'report_value', rule: 'not_detected' })} block>{t('console.addCriterion')}</Button>
          </>
        )}
      </Form.List>
      <Button type="primary" htmlType="submit" loading={save.isPending} style={{ marginTop: 16 }} data-testid="save-standard">{t('console.save')}</Button>
    </Form>
  );
}
