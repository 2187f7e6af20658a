import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Form, Input, Timeline, Typography } from 'antd';
import type { SupplierFacts, SupplierReview } from './types';
import { formatDateTime, isValidContactPhone, isValidCreditCode, normalizeCreditCode } from './lib';

/** The company facts of an application: used to apply and to correct a draft. */
export function FactsForm({ initial, submitLabel, busy, error, onSubmit }: {
  initial?: SupplierFacts; submitLabel: string; busy: boolean; error: string | null; onSubmit: (facts: SupplierFacts) => void;
}) {
  const { t } = useTranslation('supplier');
  const [form] = Form.useForm<SupplierFacts>();
  useEffect(() => {
    form.setFieldsValue(initial ?? { companyName: '', creditCode: '', contactName: '', contactPhone: '', address: '', region: '', description: '' });
  }, [initial, form]);

  const required = (label: string, max: number) => [
    { required: true, whitespace: true, message: t('fieldRequired', { field: label }) },
    { max, message: t('maxLen', { n: max }) },
  ];
  const submit = (v: SupplierFacts) => onSubmit({
    companyName: v.companyName.trim(), creditCode: normalizeCreditCode(v.creditCode), contactName: v.contactName.trim(),
    contactPhone: v.contactPhone.replace(/\s+/g, ''), address: v.address.trim(), region: v.region.trim(), description: (v.description ?? '').trim(),
  });

  return (
    <Form form={form} layout="vertical" requiredMark="optional" onFinish={submit} data-testid="facts-form">
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} role="alert" />}
      <Form.Item name="companyName" label={t('apply.companyName')} rules={[...required(t('apply.companyName'), 100), { min: 2, message: t('fieldRequired', { field: t('apply.companyName') }) }]}>
        <Input placeholder={t('apply.companyNamePlaceholder')} maxLength={100} data-testid="company-name" />
      </Form.Item>
      <Form.Item name="creditCode" label={t('apply.creditCode')} validateTrigger="onBlur" rules={[
        { required: true, whitespace: true, message: t('fieldRequired', { field: t('apply.creditCode') }) },
        { validator: async (_, v: string) => { if (v?.trim() && !isValidCreditCode(v)) throw new Error(t('apply.creditCodeInvalid')); } },
      ]}>
        <Input placeholder={t('apply.creditCodePlaceholder')} maxLength={24} style={{ fontFamily: 'monospace', letterSpacing: 1 }} data-testid="credit-code" />
      </Form.Item>
      <div style={{ display: 'flex', gap: 12 }}>
        <Form.Item name="contactName" label={t('apply.contactName')} rules={required(t('apply.contactName'), 30)} style={{ flex: 1 }}>
          <Input placeholder={t('apply.contactNamePlaceholder')} maxLength={30} data-testid="contact-name" />
        </Form.Item>
        <Form.Item name="contactPhone" label={t('apply.contactPhone')} validateTrigger="onBlur" style={{ flex: 1 }} rules={[
          { required: true, whitespace: true, message: t('fieldRequired', { field: t('apply.contactPhone') }) },
          { validator: async (_, v: string) => { if (v?.trim() && !isValidContactPhone(v)) throw new Error(t('apply.contactPhoneInvalid')); } },
        ]}>
          <Input placeholder={t('apply.contactPhonePlaceholder')} maxLength={30} inputMode="tel" data-testid="contact-phone" />
        </Form.Item>
      </div>
      <div style={{ display: 'flex', gap: 12 }}>
        <Form.Item name="address" label={t('apply.address')} rules={required(t('apply.address'), 200)} style={{ flex: 2 }}>
          <Input placeholder={t('apply.addressPlaceholder')} maxLength={200} data-testid="address" />
        </Form.Item>
        <Form.Item name="region" label={t('apply.region')} rules={required(t('apply.region'), 50)} style={{ flex: 1 }}>
          <Input placeholder={t('apply.regionPlaceholder')} maxLength={50} data-testid="region" />
        </Form.Item>
      </div>
      <Form.Item name="description" label={t('apply.description')} rules={[{ max: 2000, message: t('maxLen', { n: 2000 }) }]}>
        <Input.TextArea rows={4} maxLength={2000} showCount placeholder={t('apply.descriptionPlaceholder')} data-testid="description" />
      </Form.Item>
      <Button type="primary" htmlType="submit" loading={busy} data-testid="facts-submit">{submitLabel}</Button>
    </Form>
  );
}

/** The decisions on an application, newest first, with who, when and why. */
export function ReviewHistory({ reviews }: { reviews: SupplierReview[] }) {
  const { t, i18n } = useTranslation('supplier');
  if (reviews.length === 0) return <Typography.Text type="secondary">{t('history.empty')}</Typography.Text>;
  const color = (d: SupplierReview['decision']) => (d === 'approve' || d === 'reinstate' ? 'green' : d === 'reject' || d === 'suspend' ? 'red' : d === 'request_info' ? 'orange' : 'blue');
  return (
    <Timeline
      data-testid="review-history"
      items={reviews.map((r) => ({
        key: r.id,
        color: color(r.decision),
        content: (
          <div>
            <Typography.Text strong>{t(`decision.${r.decision}`)}</Typography.Text>
            {r.reason && <div className="history-reason">{t('history.reason', { reason: r.reason })}</div>}
            <div className="history-meta">{formatDateTime(r.createdAt, i18n.language)} · {r.actorName || (r.byOperator ? t('platform') : t('history.supplier'))}</div>
          </div>
        ),
      }))}
    />
  );
}
