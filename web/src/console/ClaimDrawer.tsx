import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Descriptions, Drawer, Image, Skeleton, Space, Tag, Timeline, Typography } from 'antd';
import { formatDateTime } from './trustData';
import { actionKey, money, shortId, type ClaimFlag, type QueueClaim } from './aftersales';
import { DecisionForm, ReviewForm } from './claim-drawer/DecisionForms';
import { FactsTable } from './claim-drawer/FactsTable';
import { useClaimDetail } from './claim-drawer/useClaimReview';
import { useConsoleRules } from './guarantee-rules/useGuaranteeRules';

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
  const detail = useClaimDetail(id, i18n.language);

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
  const rules = useConsoleRules({ enabled: !!c?.ruleKey && c.ruleName === undefined, staleTime: 60_000 });
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
