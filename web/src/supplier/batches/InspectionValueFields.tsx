import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Checkbox, Form, InputNumber, Select, Space, Typography } from 'antd';
import { useStandardsVocabulary } from '../../shared/standards';

export interface InspectionValueRow { analyte?: string; notDetected?: boolean; value?: number | null }

/** The report's results per analyte (what standards are proved by): not detected, or a number in the analyte's unit. */
export function InspectionValueFields() {
  return <Suspense fallback={null}><Fields /></Suspense>;
}

function Fields() {
  const { t, i18n } = useTranslation('standards');
  const vocab = useStandardsVocabulary();
  const en = i18n.language === 'en';
  const options = (vocab.data?.analytes ?? []).map((a) => ({ value: a.key, label: en ? a.en : a.zh }));
  const unitOf = (k?: string) => vocab.data?.analytes.find((a) => a.key === k)?.unit ?? '';
  return (
    <Form.Item label={t('inspection.values')} extra={t('inspection.valuesHint')}>
      <Form.List name="values">
        {(fields, { add, remove }) => (
          <>
            {fields.map((f) => (
              <Form.Item key={f.key} noStyle shouldUpdate>
                {(form) => {
                  const row = form.getFieldValue(['values', f.name]) as InspectionValueRow | undefined;
                  return (
                    <Space align="baseline" wrap style={{ display: 'flex' }} data-testid="inspection-value-row">
                      <Form.Item name={[f.name, 'analyte']} rules={[{ required: true, message: t('inspection.analyteRequired') }]}><Select options={options} style={{ width: 240 }} placeholder={t('console.analyte')} /></Form.Item>
                      <Form.Item name={[f.name, 'notDetected']} valuePropName="checked"><Checkbox>{t('badges.notDetected')}</Checkbox></Form.Item>
                      {!row?.notDetected && <Form.Item name={[f.name, 'value']} rules={[{ required: true, message: t('inspection.valueRequired') }]}><InputNumber min={0} addonAfter={unitOf(row?.analyte)} /></Form.Item>}
                      <Button type="link" danger onClick={() => remove(f.name)}>×</Button>
                    </Space>
                  );
                }}
              </Form.Item>
            ))}
            <Button onClick={() => add({ notDetected: true })}>{t('inspection.addValue')}</Button>
            {!fields.length && <Typography.Text type="secondary" style={{ marginLeft: 8 }}>{t('inspection.noValues')}</Typography.Text>}
          </>
        )}
      </Form.List>
    </Form.Item>
  );
}

/** The rows as the server takes them (JSON in the multipart field `values`). */
export function valuesJson(rows: InspectionValueRow[] | undefined): string {
  return JSON.stringify((rows ?? []).filter((r) => r.analyte).map((r) => (r.notDetected ? { analyte: r.analyte, notDetected: true } : { analyte: r.analyte, notDetected: false, value: r.value ?? null })));
}
