import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, App, Button, DatePicker, Form, Input, InputNumber, Radio, Select, Space, Upload } from 'antd';
import type { UploadFile } from 'antd/es/upload/interface';
import type { Dayjs } from 'dayjs';
import { type BatchDetail, type LogisticsKind } from '../supply-types';
import { formatBytes, fromWall, REPORT_ACCEPT, reportProblem, toWall, wallNow } from '../supply-lib';
import { useLimits } from '../../shared/limits';
import { useAddInspection, useAddLogistics } from './useBatches';
import { InspectionValueFields, valuesJson, type InspectionValueRow } from './InspectionValueFields';

export interface InspectionValues { lab: string; date: Dayjs; result: 'pass' | 'fail'; summary?: string; report: UploadFile[]; values?: InspectionValueRow[] }

export function InspectionForm({ supplierId, batch, onDone }: { supplierId: string; batch: BatchDetail; onDone: () => void }) {
  const { t } = useTranslation('supply');
  const maxBytes = useLimits().files.documentBytes;
  const { message } = App.useApp();
  const [form] = Form.useForm<InspectionValues>();
  const [error, setError] = useState<string | null>(null);

  const upload = useAddInspection(supplierId, batch.id, {
    onSuccess: () => {
      message.success(t('inspectionForm.done'));
      onDone();
    },
    onError: (err) => setError(err.message),
  });

  /** The form as the server takes it: a report dated today is stamped now, an earlier one at noon of its day (China time). */
  const formData = (v: InspectionValues) => {
    const today = wallNow();
    const at = v.date.isSame(today, 'day') ? new Date() : fromWall(v.date.hour(12).minute(0).second(0));
    const fd = new FormData();
    fd.append('lab', v.lab.trim());
    fd.append('inspectedAt', at.toISOString());
    fd.append('result', v.result);
    fd.append('summary', (v.summary ?? '').trim());
    fd.append('values', valuesJson(v.values));
    fd.append('report', v.report[0].originFileObj as File, v.report[0].name);
    return fd;
  };

  const problemText = (f: UploadFile) => {
    const p = reportProblem({ name: f.name, type: f.type ?? '', size: f.size ?? 0 }, maxBytes);
    return p ? t(`inspectionForm.${p}`) : null;
  };

  return (
    <div className="supply-subform" data-testid="inspection-form">
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} role="alert" />}
      <Form form={form} layout="vertical" requiredMark="optional" initialValues={{ result: 'pass', date: wallNow() }} onFinish={(v) => { setError(null); upload.mutate(formData(v)); }}>
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
        <InspectionValueFields />
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

export interface LogisticsValues { kind: Exclude<LogisticsKind, 'arrived_pickup'>; occurredAt: Dayjs; place?: string; temperatureC?: number | null; note?: string }

export function LogisticsForm({ supplierId, batch, onDone }: { supplierId: string; batch: BatchDetail; onDone: () => void }) {
  const { t } = useTranslation('supply');
  const { message } = App.useApp();
  const [form] = Form.useForm<LogisticsValues>();
  const [error, setError] = useState<string | null>(null);
  const kind = Form.useWatch('kind', form);
  const produced = toWall(batch.producedAt);

  const add = useAddLogistics(supplierId, batch.id, {
    onSuccess: () => {
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
        onFinish={(v) => { setError(null); add.mutate({
          kind: v.kind, occurredAt: fromWall(v.occurredAt).toISOString(), place: (v.place ?? '').trim(),
          temperatureC: v.temperatureC ?? null, ...(v.note?.trim() ? { note: v.note.trim() } : {}),
        }); }}
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
