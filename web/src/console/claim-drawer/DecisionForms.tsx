import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, App, Button, Checkbox, Form, Input, InputNumber, Radio, Space } from 'antd';
import { formatDateTime } from '../trustData';
import {
  FAULT_PARTIES, HUMAN_ACTIONS, REVIEW_OUTCOMES, money, toFen, type ClaimDetail, type FaultParty, type HumanAction, type ReviewOutcome,
} from '../aftersales';
import { useDecideClaim, useReviewClaim } from './useClaimReview';

export interface DecisionValues { action: HumanAction; amountYuan: number | null; faultParty: FaultParty; note: string; fraud: boolean }

export function DecisionForm({ detail, residentName }: { detail: ClaimDetail; residentName: string | null }) {
  const { t, i18n } = useTranslation('console');
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<DecisionValues>();
  const [error, setError] = useState<string | null>(null);
  const c = detail.claim;
  const maxYuan = c.amountFen / 100;
  const action = Form.useWatch('action', form) ?? 'refund';
  const fault = Form.useWatch('faultParty', form) ?? 'none';

  useEffect(() => {
    form.setFieldsValue({ action: 'refund', amountYuan: maxYuan, faultParty: c.faultParty ?? 'none', note: '', fraud: false });
    setError(null);
  }, [c.id, c.faultParty, maxYuan, form]);

  const decide = useDecideClaim(c.id, i18n.language, {
    onSuccess: (body) => message.success(t('claims.decide.done', { action: t(`claims.decide.actions.${body.action}`) })),
    onError: (err) => setError(err.message),
  });

  const submit = (v: DecisionValues) => {
    setError(null);
    const who = residentName ?? t('claims.resident');
    const amount = money(v.action === 'refund' && v.amountYuan !== null ? toFen(v.amountYuan) : c.amountFen);
    const actionLabel = t(`claims.decide.actions.${v.action}`);
    modal.confirm({
      title: t('claims.decide.confirmTitle', { action: actionLabel }),
      width: 500,
      content: (
        <div data-testid="decision-confirm">
          <p>{v.action === 'refund' ? t('claims.decide.confirmRefund', { resident: who, amount })
            : v.action === 'replace' ? t('claims.decide.confirmReplace', { resident: who }) : t('claims.decide.confirmReject', { resident: who })}</p>
          <p>{t('claims.decide.confirmFault', { party: t(`aftersales.faultParty.${v.faultParty}`), effect: t(`claims.decide.faultEffect.${v.faultParty}`) })}</p>
          {v.action === 'reject' && v.fraud && <p className="text-danger">{t('claims.decide.confirmFraud')}</p>}
          <p className="cell-sub">{t('claims.decide.confirmNote', { note: v.note.trim() })}</p>
        </div>
      ),
      okText: t('claims.decide.ok'),
      okButtonProps: { danger: v.action === 'reject', ...({ 'data-testid': 'decision-confirm-ok' } as object) },
      cancelText: t('aftersales.cancel'),
      onOk: () => decide.mutateAsync({
        action: v.action, note: v.note.trim(), faultParty: v.faultParty,
        ...(v.action === 'refund' && v.amountYuan !== null ? { amountFen: toFen(v.amountYuan) } : {}),
        ...(v.action === 'reject' ? { fraud: !!v.fraud } : {}),
      }).catch(() => undefined),
    });
  };

  return (
    <div className="claim-decision" data-testid="decision-form">
      <h3>{t('claims.decide.title')}</h3>
      {c.status === 'leader_review' && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('claims.decide.leaderOpen', { deadline: c.deadlineAt ? formatDateTime(c.deadlineAt, i18n.language) : '' })} />}
      {c.status === 'needs_more' && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('claims.decide.needsMore')} />}
      {error && <Alert type="error" showIcon role="alert" style={{ marginBottom: 12 }} title={error} />}
      <Form form={form} layout="vertical" requiredMark={false} onFinish={submit}
        initialValues={{ action: 'refund', amountYuan: maxYuan, faultParty: c.faultParty ?? 'none', note: '', fraud: false }}>
        <Form.Item name="action" label={t('claims.decide.action')}>
          <Radio.Group optionType="button" buttonStyle="solid" data-testid="decision-action"
            options={HUMAN_ACTIONS.map((a) => ({ value: a, label: t(`claims.decide.actions.${a}`) }))}
            onChange={(e) => { if (e.target.value !== 'reject') form.setFieldValue('fraud', false); }} />
        </Form.Item>
        {action === 'refund' && (
          <Form.Item name="amountYuan" label={t('claims.decide.amount')} extra={t('claims.decide.amountHint', { max: money(c.amountFen) })}
            rules={[{
              validator: (_, v: number | null) => (typeof v === 'number' && v >= 0.01 && toFen(v) <= c.amountFen
                ? Promise.resolve() : Promise.reject(new Error(t('claims.decide.amountInvalid', { max: money(c.amountFen) })))),
            }]}>
            <InputNumber<number> min={0} max={maxYuan} step={1} precision={2} prefix="¥" style={{ width: 180 }} data-testid="decision-amount" />
          </Form.Item>
        )}
        <Form.Item name="faultParty" label={t('claims.decide.faultParty')}
          extra={<span className={fault === 'leader' ? 'fault-hint fault-hint-strong' : 'fault-hint'}>{t('claims.decide.faultHint')}</span>}>
          <Radio.Group data-testid="decision-fault" className="fault-options">
            {FAULT_PARTIES.map((p) => (
              <Radio key={p} value={p}>
                {t(`aftersales.faultParty.${p}`)}
                <span className="cell-sub"> · {t(`claims.decide.faultEffect.${p}`)}</span>
              </Radio>
            ))}
          </Radio.Group>
        </Form.Item>
        <Form.Item name="note" label={t('claims.decide.note')}
          rules={[{ validator: (_, v: string) => ((v ?? '').trim().length >= 2 ? Promise.resolve() : Promise.reject(new Error(t('claims.decide.noteRequired')))) }]}>
          <Input.TextArea autoSize={{ minRows: 3, maxRows: 6 }} maxLength={500} showCount placeholder={t('claims.decide.notePlaceholder')} data-testid="decision-note" />
        </Form.Item>
        {action === 'reject' && (
          <Form.Item name="fraud" valuePropName="checked" extra={t('claims.decide.fraudHint')}>
            <Checkbox data-testid="decision-fraud">{t('claims.decide.fraud')}</Checkbox>
          </Form.Item>
        )}
        <Button type="primary" htmlType="submit" block danger={action === 'reject'} loading={decide.isPending} data-testid="decision-submit">
          {t('claims.decide.submit')}
        </Button>
      </Form>
    </div>
  );
}

export function ReviewForm({ detail, residentName }: { detail: ClaimDetail; residentName: string | null }) {
  const { t, i18n } = useTranslation('console');
  const { message, modal } = App.useApp();
  const [note, setNote] = useState('');
  const [noteError, setNoteError] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const c = detail.claim;
  useEffect(() => { setNote(''); setNoteError(false); setError(null); }, [c.id]);

  const review = useReviewClaim(c.id, i18n.language, {
    onSuccess: (outcome) => message.success(t('claims.review.done', { outcome: t(`claims.review.outcomes.${outcome}`) })),
    onError: (err) => setError(err.message),
  });

  const choose = (outcome: ReviewOutcome) => {
    setError(null);
    if (outcome !== 'valid' && note.trim().length < 2) { setNoteError(true); return; }
    modal.confirm({
      title: t('claims.review.confirmTitle', { outcome: t(`claims.review.outcomes.${outcome}`) }),
      content: t('claims.review.confirmBody', { resident: residentName ?? t('claims.resident') }),
      okText: t('claims.decide.ok'),
      okButtonProps: { danger: outcome !== 'valid', ...({ 'data-testid': 'review-confirm-ok' } as object) },
      cancelText: t('aftersales.cancel'),
      onOk: () => review.mutateAsync({ outcome, note: note.trim() }).catch(() => undefined),
    });
  };

  return (
    <div className="claim-decision" data-testid="review-form">
      <h3>{t('claims.review.title')}</h3>
      <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('claims.review.hint')} />
      {error && <Alert type="error" showIcon role="alert" style={{ marginBottom: 12 }} title={error} />}
      <Form layout="vertical">
        <Form.Item label={t('claims.review.note')} validateStatus={noteError ? 'error' : undefined} help={noteError ? t('claims.review.noteRequired') : undefined}>
          <Input.TextArea value={note} onChange={(e) => { setNote(e.target.value); setNoteError(false); }} autoSize={{ minRows: 3, maxRows: 6 }}
            maxLength={500} showCount placeholder={t('claims.review.notePlaceholder')} data-testid="review-note" />
        </Form.Item>
      </Form>
      <Space wrap>
        {REVIEW_OUTCOMES.map((o) => (
          <Button key={o} type={o === 'valid' ? 'primary' : 'default'} danger={o !== 'valid'} loading={review.isPending && review.variables?.outcome === o}
            onClick={() => choose(o)} data-testid={`review-${o}`}>
            {t(`claims.review.outcomes.${o}`)}
          </Button>
        ))}
      </Space>
    </div>
  );
}
