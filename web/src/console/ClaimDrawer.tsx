import { useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert, App, Button, Checkbox, Descriptions, Drawer, Empty, Form, Image, Input, InputNumber, Radio, Skeleton, Space, Table, Tag, Timeline, Typography,
} from 'antd';
import { api } from '../shared/api';
import { formatDateTime } from './trustData';
import {
  FAULT_PARTIES, HUMAN_ACTIONS, REVIEW_OUTCOMES, actionKey, factValue, money, shortId, toFen,
  type ClaimDetail, type ClaimFlag, type FactValue, type FaultParty, type HumanAction, type QueueClaim, type ReviewOutcome, type RulesResponse,
} from './aftersales';
import { claimKeys, guaranteeKeys } from '../shared/query-keys';

/** The order facts are listed in (the server's CLAIM_FACTS); facts it adds later follow. */
const FACT_ORDER = [
  'kind', 'fresh', 'category', 'amount_yuan', 'order_yuan', 'hours_since_pickup', 'photo_present', 'photo_count', 'photo_suspect',
  'trust_level', 'trust_score', 'claims_30d', 'instant_claims_7d', 'claim_rate_90d', 'instant_quota_left_yuan', 'community_claim_rate_30d',
];
/** Flags that stop an automatic refund (server: HOLD_FLAGS) are shown in red, the others as notes. */
const HOLD_FLAGS = new Set(['photo_reused', 'photo_older_than_pickup']);
const OPEN_STATUSES = new Set(['platform_review', 'leader_review', 'needs_more']);
const ACTOR_COLORS: Record<string, string> = { resident: 'gray', rule: 'blue', leader: 'green', platform: '#e8590c', system: 'red' };

/** One flag: the text from the server, the distance, and the matching claim as a link that opens it. */
export function FlagTag({ flag, onOpenClaim }: { flag: ClaimFlag; onOpenClaim?: (id: string) => void }) {
  const { t, i18n } = useTranslation('console');
  const hold = HOLD_FLAGS.has(flag.kind);
  const other = flag.detail.otherClaimId;
  const distance = flag.detail.distance;
  return (
    <div className={`claim-flag ${hold ? 'claim-flag-hold' : 'claim-flag-note'}`} data-testid="claim-flag">
      <span>{flag.text}</span>
      {typeof distance === 'number' && (
        <span className="claim-flag-meta">{distance === 0 ? t('claims.exact') : t('claims.distance', { n: distance })}</span>
      )}
      {flag.detail.takenAt && <span className="claim-flag-meta">{t('claims.photoTakenAt', { time: formatDateTime(flag.detail.takenAt, i18n.language) })}</span>}
      {other && (
        <a
          className="claim-flag-link" href={`#claim-${other}`} data-testid="flag-other-claim"
          onClick={(e) => { e.preventDefault(); e.stopPropagation(); onOpenClaim?.(other); }}
        >
          {t('claims.otherClaim', { id: shortId(other) })}
        </a>
      )}
    </div>
  );
}

/**
 * A claim for the platform: evidence (photos, the facts the rules saw, the history) on the left,
 * the decision — or, for a sampled automatic refund, the review — on the right. A flag's link to
 * another claim opens that claim in the same drawer, with a way back.
 */
export function ClaimDrawer({ claimId, row, onClose }: { claimId: string | null; row?: QueueClaim; onClose: () => void }) {
  const { t, i18n } = useTranslation('console');
  const [stack, setStack] = useState<string[]>([]);
  useEffect(() => { setStack(claimId ? [claimId] : []); }, [claimId]);
  const id = stack.at(-1) ?? null;
  const detail = useQuery({ queryKey: claimKeys.detail(id, i18n.language), queryFn: () => api<ClaimDetail>(`/api/claims/${id}`), enabled: !!id });

  const [width, setWidth] = useState(() => Math.min(1040, window.innerWidth - 16));
  useEffect(() => {
    const onResize = () => setWidth(Math.min(1040, window.innerWidth - 16));
    window.addEventListener('resize', onResize);
    return () => window.removeEventListener('resize', onResize);
  }, []);

  const d = detail.data;
  const c = d?.claim;
  // The claim names its resident, community, product and rule; the queue row it was opened from
  // (if any) fills in for a server that does not yet. Claims opened from a flag, the rule preview
  // or the fund page have no row, so the claim's own names are what they show.
  const names = row && row.id === id ? row : undefined;
  const residentName = c?.residentName || names?.residentName || null;
  const communityName = c?.communityName || names?.communityName || null;
  const productName = c?.productName || d?.line.productName || names?.productName || null;
  const productImage = c?.productImage ?? d?.line.imageUrls[0] ?? null;
  // Only an older server leaves the rule's name out; then it is looked up among the current rules.
  const rules = useQuery({
    queryKey: guaranteeKeys.consoleRules(), queryFn: () => api<RulesResponse>('/api/console/guarantee-rules'),
    enabled: !!c?.ruleKey && c.ruleName === undefined, staleTime: 60_000,
  });
  const openOther = (other: string) => setStack((s) => (s.at(-1) === other ? s : [...s, other]));
  const ruleName = c?.ruleKey ? c.ruleName || rules.data?.rules.find((r) => r.key === c.ruleKey)?.name || c.ruleKey : null;
  const leaderLimit = d?.limits?.leaderRefundLimitFen ?? null;
  const time = (s: string | null | undefined) => (s ? formatDateTime(s, i18n.language) : t('aftersales.none'));

  const sampledOpen = !!c && c.sampledForReview && c.reviewOutcome === null && c.status === 'refunded' && c.resolvedBy === 'rule';
  const decidable = !!c && OPEN_STATUSES.has(c.status);

  return (
    <Drawer
      open={!!claimId} onClose={onClose} size={width} destroyOnHidden data-testid="claim-drawer"
      title={(
        <Space wrap size={8}>
          {stack.length > 1 && <Button size="small" onClick={() => setStack((s) => s.slice(0, -1))} data-testid="claim-back">← {t('claims.back')}</Button>}
          <span>{t('claims.drawerTitle', { id: id ? shortId(id) : '' })}{residentName && <span className="claim-title-name"> · {residentName}</span>}</span>
          {c && <Tag color={statusColor(c.status)}>{c.statusLabel}</Tag>}
          {c?.sampledForReview && !c.reviewOutcome && <Tag color="gold">{t('claims.sampled')}</Tag>}
          {c?.reviewOutcome && (
            <Tag color={c.reviewOutcome === 'valid' ? 'green' : 'red'}>
              {c.sampledForReview ? t('claims.outcomeTag', { outcome: t(`aftersales.reviewOutcome.${c.reviewOutcome}`) }) : t('claims.fraudTag')}
            </Tag>
          )}
        </Space>
      )}
    >
      {detail.isPending && <Skeleton active paragraph={{ rows: 12 }} />}
      {detail.isError && <Alert type="error" showIcon title={detail.error.message} action={<Button onClick={() => detail.refetch()}>{t('aftersales.retry')}</Button>} />}
      {d && c && (
        <div className="claim-grid">
          <div className="claim-evidence">
            {c.flags.length > 0 && (
              <div className="claim-flags-box" data-testid="claim-flags">
                {c.flags.map((f, i) => <FlagTag key={i} flag={f} onOpenClaim={openOther} />)}
              </div>
            )}
            <Descriptions
              size="small" bordered column={2} className="claim-summary"
              items={[
                { key: 'resident', label: t('claims.resident'), children: <span data-testid="claim-drawer-resident">{residentName ?? t('aftersales.none')}</span> },
                { key: 'community', label: t('claims.community'), children: communityName ?? t('aftersales.none') },
                { key: 'kind', label: t('claims.kind'), children: <span>{c.kindLabel} · {t('claims.quantity', { n: c.quantity })}</span> },
                { key: 'amount', label: t('claims.amount'), children: <span className="money">{money(c.amountFen)}</span> },
                {
                  key: 'product', label: t('claims.product'), span: 2,
                  children: (
                    <span className="claim-product" data-testid="claim-drawer-product">
                      {productImage && <img src={productImage} alt="" className="claim-product-img" />}
                      <span><Typography.Text strong>{productName ?? t('aftersales.none')}</Typography.Text> <span className="cell-sub">{d.line.spec}</span></span>
                    </span>
                  ),
                },
                { key: 'total', label: t('claims.orderTotal'), children: <span className="money">{money(d.line.totalFen)}</span> },
                { key: 'picked', label: t('claims.pickedUpAt'), children: time(c.pickedUpAt ?? d.line.pickedUpAt) },
                { key: 'created', label: t('claims.createdAt'), children: time(c.createdAt) },
                { key: 'escalated', label: t('claims.escalatedAt'), children: time(c.escalatedAt) },
                ...(c.status === 'leader_review' ? [{ key: 'deadline', label: t('claims.deadlineAt'), children: time(c.deadlineAt) }] : []),
                // Only while someone may still refund it: then whether the leader could have is worth knowing.
                ...(leaderLimit !== null && c.leaderId && decidable ? [{
                  key: 'limit', label: t('claims.leaderLimit'), span: 2,
                  children: (
                    <span>
                      <span className="money">{money(leaderLimit)}</span>
                      {c.amountFen > leaderLimit
                        ? <Tag color="orange" style={{ marginInlineStart: 8 }}>{t('claims.overLeaderLimit')}</Tag>
                        : <span className="cell-sub"> · {t('claims.withinLeaderLimit')}</span>}
                    </span>
                  ),
                }] : []),
                {
                  key: 'rule', label: t('claims.rule'), span: 2,
                  children: c.ruleKey
                    ? <span>{t('claims.ruleDecision', { rule: ruleName, version: c.ruleVersion, action: t(`aftersales.ruleActions.${c.ruleAction}`) })} <code className="cell-sub">{c.ruleKey}</code></span>
                    : t('claims.noRule'),
                },
                { key: 'reason', label: t('claims.reason'), span: 2, children: c.reason },
                ...(c.faultParty ? [{ key: 'fault', label: t('claims.faultParty'), span: d.refund ? 1 : 2, children: t(`aftersales.faultParty.${c.faultParty}`) }] : []),
                ...(d.refund ? [{
                  key: 'refund', label: t('claims.refund'), span: c.faultParty ? 1 : 2,
                  children: <Tag color={d.refund.status === 'paid' ? 'green' : 'orange'}>{t(`claims.refundStatus.${d.refund.status}`, { amount: money(d.refund.amountFen), time: time(d.refund.paidAt) })}</Tag>,
                }] : []),
                ...(c.resolutionNote ? [{ key: 'note', label: t('claims.resolutionNote'), span: 2, children: c.resolutionNote }] : []),
              ]}
            />

            <h4 className="claim-section">{t('claims.description')}</h4>
            <blockquote className="claim-quote">{c.description}</blockquote>

            <h4 className="claim-section">{t('claims.photos')}</h4>
            {d.photos.length === 0 ? <div className="cell-sub">{t('claims.noPhotos')}</div> : (
              <Image.PreviewGroup>
                <div className="claim-photos" data-testid="claim-photos">
                  {d.photos.map((p, i) => (
                    <figure key={p.id}>
                      <Image src={p.thumbUrl} preview={{ src: p.url }} width={132} height={132} alt={`${t('claims.photos')} ${i + 1}`} />
                      <figcaption className="cell-sub">{i + 1} · {p.takenAt ? t('claims.photoTakenAt', { time: time(p.takenAt) }) : t('claims.photoNoExif')}</figcaption>
                    </figure>
                  ))}
                </div>
              </Image.PreviewGroup>
            )}

            <h4 className="claim-section">{t('claims.facts')}</h4>
            <div className="cell-sub" style={{ marginBottom: 8 }}>{t('claims.factsHint')}</div>
            <FactsTable facts={c.facts} used={c.factsUsed} />

            <h4 className="claim-section">{t('claims.timeline')}</h4>
            <Timeline
              className="claim-timeline"
              items={d.actions.map((a, i) => ({
                key: i,
                color: ACTOR_COLORS[a.actorRole] ?? 'gray',
                content: (
                  <div>
                    <div>
                      <Typography.Text strong>{t(`claims.actor.${a.actorRole}`)}</Typography.Text>
                      {' · '}{t(`claims.action.${actionKey(a.action)}`, { defaultValue: a.action })}
                      {a.amountFen !== null && <span className="money"> {money(a.amountFen)}</span>}
                      <span className="cell-sub cell-time timeline-time">{time(a.at)}</span>
                    </div>
                    {a.note && <div className="cell-sub claim-note">{a.note}</div>}
                  </div>
                ),
              }))}
            />
          </div>

          <div className="claim-side">
            {decidable && <DecisionForm detail={d} residentName={residentName} />}
            {sampledOpen && <ReviewForm detail={d} residentName={residentName} />}
            {!decidable && !sampledOpen && (
              <Alert type="success" showIcon title={t('claims.decide.closed')} data-testid="claim-closed"
                description={(
                  <div>
                    <div>{c.statusLabel}{c.refundedFen > 0 && <span className="money"> {money(c.refundedFen)}</span>}</div>
                    {(c.resolvedBy || c.resolvedAt) && (
                      <div className="cell-sub">
                        {c.resolvedBy && t(`claims.resolvedBy.${c.resolvedBy}`)}
                        {c.resolvedBy && c.resolvedAt && ' · '}
                        {c.resolvedAt && <span className="cell-time">{time(c.resolvedAt)}</span>}
                      </div>
                    )}
                    {c.faultParty && <div className="cell-sub">{t('claims.faultLine', { party: t(`aftersales.faultParty.${c.faultParty}`) })}</div>}
                  </div>
                )} />
            )}
          </div>
        </div>
      )}
    </Drawer>
  );
}

export function statusColor(status: string) {
  return status === 'platform_review' ? 'red' : status === 'leader_review' ? 'blue' : status === 'needs_more' ? 'gold'
    : status === 'refunded' ? 'green' : status === 'replaced' ? 'cyan' : 'default';
}

function FactsTable({ facts, used }: { facts: Record<string, FactValue> | null; used: Record<string, FactValue> | null }) {
  const { t } = useTranslation('console');
  const rows = useMemo(() => {
    const entries = Object.entries(facts ?? {});
    const rank = (k: string) => { const i = FACT_ORDER.indexOf(k); return i < 0 ? FACT_ORDER.length : i; };
    return entries.sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b)).map(([name, value]) => ({ name, value, used: !!used && name in used }));
  }, [facts, used]);
  return (
    <Table
      size="small" rowKey="name" pagination={false} dataSource={rows} data-testid="claim-facts"
      rowClassName={(r) => (r.used ? 'fact-used' : '')}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('claims.noFacts')} /> }}
      columns={[
        {
          title: t('claims.factName'), dataIndex: 'name',
          render: (name: string) => <span>{t(`aftersales.facts.${name}`, { defaultValue: name })} <code className="fact-name">{name}</code></span>,
        },
        { title: t('claims.factValue'), dataIndex: 'value', width: 150, render: (v: FactValue, r) => <span className="money">{factValue(t, r.name, v)}</span> },
        { title: '', key: 'used', width: 90, render: (_, r) => (r.used ? <Tag color="orange">{t('claims.usedByRule')}</Tag> : null) },
      ]}
    />
  );
}

interface DecisionValues { action: HumanAction; amountYuan: number | null; faultParty: FaultParty; note: string; fraud: boolean }

function DecisionForm({ detail, residentName }: { detail: ClaimDetail; residentName: string | null }) {
  const { t, i18n } = useTranslation('console');
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
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

  const decide = useMutation({
    mutationFn: (v: DecisionValues) => api<ClaimDetail>(`/api/claims/${c.id}/platform-decision`, {
      body: {
        action: v.action, note: v.note.trim(), faultParty: v.faultParty,
        ...(v.action === 'refund' && v.amountYuan !== null ? { amountFen: toFen(v.amountYuan) } : {}),
        ...(v.action === 'reject' ? { fraud: !!v.fraud } : {}),
      },
    }),
    onSuccess: async (res, v) => {
      queryClient.setQueryData(claimKeys.detail(c.id, i18n.language), res);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: claimKeys.queue() }),
        queryClient.invalidateQueries({ queryKey: guaranteeKeys.fund() }),
      ]);
      message.success(t('claims.decide.done', { action: t(`claims.decide.actions.${v.action}`) }));
    },
    onError: (err) => { setError(err.message); void queryClient.invalidateQueries({ queryKey: claimKeys.claim(c.id) }); },
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
      onOk: () => decide.mutateAsync(v).catch(() => undefined),
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

function ReviewForm({ detail, residentName }: { detail: ClaimDetail; residentName: string | null }) {
  const { t, i18n } = useTranslation('console');
  const { message, modal } = App.useApp();
  const queryClient = useQueryClient();
  const [note, setNote] = useState('');
  const [noteError, setNoteError] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const c = detail.claim;
  useEffect(() => { setNote(''); setNoteError(false); setError(null); }, [c.id]);

  const review = useMutation({
    mutationFn: (outcome: ReviewOutcome) => api<ClaimDetail>(`/api/claims/${c.id}/review`, { body: { outcome, note: note.trim() } }),
    onSuccess: async (res, outcome) => {
      queryClient.setQueryData(claimKeys.detail(c.id, i18n.language), res);
      await queryClient.invalidateQueries({ queryKey: claimKeys.queue() });
      message.success(t('claims.review.done', { outcome: t(`claims.review.outcomes.${outcome}`) }));
    },
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
      onOk: () => review.mutateAsync(outcome).catch(() => undefined),
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
          <Button key={o} type={o === 'valid' ? 'primary' : 'default'} danger={o !== 'valid'} loading={review.isPending && review.variables === o}
            onClick={() => choose(o)} data-testid={`review-${o}`}>
            {t(`claims.review.outcomes.${o}`)}
          </Button>
        ))}
      </Space>
    </div>
  );
}

