import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Descriptions, Empty, Input, Modal, Space, Tag, Typography } from 'antd';
import { api, ApiError } from '../../shared/api';
import { standardsKeys } from '../../shared/query-keys';
import type { StandardProof, StandardReviewQueueItem } from '../../shared/standards';

type Criterion = StandardProof['criteria'][number];

/** The calendar day in China of an instant (how labs and residents date things). */
const chinaDay = (iso: string) => new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 10);

/** /console/standard-reviews — evidence of current batches waiting for an operator: accept, or reject with a reason. */
export default function StandardReviewPage() {
  const { t } = useTranslation('standards');
  const queue = useQuery({ queryKey: standardsKeys.queue(), queryFn: () => api<{ items: StandardReviewQueueItem[] }>('/api/standards/review-queue') });
  return (
    <div className="console-panel">
      <Typography.Paragraph type="secondary" style={{ maxWidth: 760 }}>{t('console.queueIntro')}</Typography.Paragraph>
      {queue.data && queue.data.items.length === 0 && <Empty description={t('console.queueEmpty')} />}
      <Space direction="vertical" size="middle" style={{ width: '100%' }}>
        {(queue.data?.items ?? []).map((item) => <QueueCard key={`${item.productId}-${item.standardId}`} item={item} />)}
      </Space>
    </div>
  );
}

function QueueCard({ item }: { item: StandardReviewQueueItem }) {
  const { t, i18n } = useTranslation('standards');
  const en = i18n.language === 'en';
  const { message } = App.useApp();
  const qc = useQueryClient();
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const decide = useMutation({
    mutationFn: (body: { decision: 'accepted' | 'rejected'; reason?: string }) => api(`/api/standards/${item.standardId}/reviews`, { method: 'POST', body: { productId: item.productId, batchId: item.batchId, ...body } }),
    onSuccess: (_d, v) => { message.success(v.decision === 'accepted' ? t('console.accepted') : t('console.rejectedDone')); setRejecting(false); void qc.invalidateQueries({ queryKey: standardsKeys.all }); },
    onError: (e: Error) => message.error(e instanceof ApiError ? e.message : String(e)),
  });
  return (
    <Card data-testid="standard-review-card"
      title={<Space wrap><Typography.Text strong>{item.productName}</Typography.Text><Tag color="green">{en ? item.standardNameEn : item.standardNameZh}</Tag>{item.everAccepted && <Tag>{t('console.again')}</Tag>}</Space>}
      extra={<Space>
        <Button onClick={() => setRejecting(true)} data-testid="reject-standard">{t('console.reject')}</Button>
        <Button type="primary" loading={decide.isPending} onClick={() => decide.mutate({ decision: 'accepted' })} data-testid="accept-standard">{t('console.accept')}</Button>
      </Space>}>
      <Typography.Paragraph type="secondary">{item.supplierName} · {t('supplier.batch')} <a href={`/t/${item.batchCode}`} target="_blank" rel="noreferrer" className="supply-code">{item.batchCode}</a> · v{item.standardVersion}</Typography.Paragraph>
      <div className="std-evidence">
        {item.proof.criteria.map((c, i) => (
          <div key={i} className="std-evidence-row">
            <div className="std-evidence-crit"><Typography.Text strong>{en ? c.nameEn : c.nameZh}</Typography.Text><div><Tag>{t(`badges.method.${c.method}`)}</Tag></div></div>
            <div className="std-evidence-proof"><Evidence c={c} /></div>
          </div>
        ))}
      </div>
      <Modal open={rejecting} title={t('console.reject')} okText={t('console.reject')} okButtonProps={{ danger: true, disabled: !reason.trim(), loading: decide.isPending }}
        onOk={() => decide.mutate({ decision: 'rejected', reason })} onCancel={() => setRejecting(false)}>
        <Input.TextArea rows={3} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} placeholder={t('console.rejectReason')} />
      </Modal>
    </Card>
  );
}

function Evidence({ c }: { c: Criterion }) {
  const { t, i18n } = useTranslation('standards');
  const en = i18n.language === 'en';
  if (c.report) {
    const r = c.report;
    return (
      <Descriptions size="small" column={1}>
        <Descriptions.Item label={en ? r.analyteEn : r.analyteZh}><b>{r.notDetected ? t('badges.notDetected') : t('badges.measured', { value: r.value, unit: r.unit })}</b>　<span className="cell-sub">{r.rule === 'not_detected' ? t('badges.mustNotDetect') : t('badges.limit', { limit: r.limit, unit: r.limitUnit })}</span></Descriptions.Item>
        <Descriptions.Item label={t('badges.lab')}>{r.lab} · {chinaDay(r.inspectedAt)}　<a href={r.reportUrl} target="_blank" rel="noreferrer">{t('badges.viewReport')}</a></Descriptions.Item>
      </Descriptions>
    );
  }
  if (c.certificate) {
    const x = c.certificate;
    return (
      <Descriptions size="small" column={1}>
        <Descriptions.Item label={t('badges.issuer')}>{en ? x.typeEn : x.typeZh} · {x.issuer}</Descriptions.Item>
        <Descriptions.Item label={t('badges.number')}>{x.number}　{x.validFrom} – {x.validUntil}　<a href={x.documentUrl} target="_blank" rel="noreferrer">{t('badges.viewCertificate')}</a></Descriptions.Item>
      </Descriptions>
    );
  }
  if (c.trace) {
    return <Space wrap>{c.trace.steps.map((s) => <Tag key={s.step} color="green">{t(`badges.step.${s.step}`)} {s.at ? chinaDay(s.at) : ''}{s.place ? ` · ${s.place}` : ''}</Tag>)}</Space>;
  }
  return null;
}
