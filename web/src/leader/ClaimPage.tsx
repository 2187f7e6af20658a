import { useEffect, useRef, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Dialog, ImageViewer, Input, TextArea, Toast, type TextAreaRef } from 'antd-mobile';
import { api, ApiError, formatTime, yuan } from '../shared/api';
import { PageError, PageLoading } from '../shared/states';
import { ActionError, Icon, LeaderPage, NotLeader, ProductImage, errorMessage, useLeaderOf } from './components';
import { fenToYuanInput, parseYuanToFen, useNow } from './lib';
import {
  ClaimFlags, ClaimStatusTag, STALE_CLAIM_CODES, deadlineState, invalidateClaims, useCountdownText, useLang, usePublicRules, type Claim,
  type ClaimDetail, type DetailedClaim, type LeaderDecision,
} from './claims';
import { claimKeys } from '../shared/query-keys';

/** /leader/:communityId/claims/:claimId — everything 王叔 needs to answer one claim, and the answer. */
export function ClaimPage() {
  const { communityId = '', claimId = '' } = useParams();
  const { community } = useLeaderOf(communityId);
  if (!community) return <NotLeader />;
  return <ClaimView communityId={communityId} claimId={claimId} timeZone={community.timeZone} />;
}

function ClaimView({ communityId, claimId, timeZone }: { communityId: string; claimId: string; timeZone: string }) {
  const { t } = useTranslation('leader');
  const lang = useLang();
  const detail = useQuery({
    queryKey: claimKeys.detail(claimId, lang),
    queryFn: () => api<ClaimDetail>(`/api/claims/${claimId}`),
    // While it waits for him the page follows the clock and the escalation job.
    refetchInterval: (q) => (q.state.data?.claim.status === 'leader_review' ? 30_000 : false),
  });
  const inbox = `/leader/${communityId}/claims`;

  let body;
  if (detail.isPending) body = <PageLoading />;
  else if (detail.isError) body = <PageError error={detail.error} onRetry={() => detail.refetch()} />;
  else body = <ClaimBody data={detail.data} name={detail.data.claim.residentName || t('claim.residentFallback')} communityId={communityId} timeZone={timeZone} />;

  return (
    <LeaderPage title={t('claim.navTitle')} communityId={communityId} back={inbox}>
      {body}
    </LeaderPage>
  );
}

function ClaimBody({ data, name, communityId, timeZone }: { data: ClaimDetail; name: string; communityId: string; timeZone: string }) {
  const { t, i18n } = useTranslation('leader');
  const locale = i18n.language === 'en' ? 'en' : 'zh-CN';
  const { claim, line: order, photos } = data;
  const waiting = claim.status === 'leader_review';
  const when = (iso: string) => formatTime(iso, timeZone, locale);
  const productName = claim.productName || order.productName;
  const now = useNow(15_000);
  // The server's word when his answer came too late (escalated, answered elsewhere, past the deadline).
  const [stale, setStale] = useState<{ code: string; message: string } | null>(null);
  useEffect(() => { setStale(null); }, [claim.id]);
  // Past the deadline the claim is the platform's, even before the escalation job has moved it.
  const pastDeadline = waiting && (deadlineState(claim, now)?.kind === 'overdue' || stale?.code === 'claim.deadline_passed');

  return (
    <div className="claim-page" data-testid="claim-page" data-status={claim.status}>
      {waiting ? <DeadlineBanner claim={claim} timeZone={timeZone} passed={pastDeadline} /> : <OutcomeBanner data={data} timeZone={timeZone} />}
      {stale && <div className="claim-stale"><ActionError message={stale.message} /></div>}

      <section className="card-block claim-summary">
        <div className="claim-summary-head">
          <div className="claim-summary-who">
            <div className="claim-summary-name" data-testid="claim-resident">{name}</div>
            <div className="claim-summary-what">
              <span className="claim-kind">{claim.kindLabel}</span>
              <span>{productName}</span>
            </div>
          </div>
          <div className="claim-summary-amount">
            <div className="claim-amount-big">{yuan(claim.amountFen)}</div>
            <div className="claim-amount-label">{t('claim.amount')} · {claim.quantity} {order.unit}</div>
          </div>
        </div>
        <div className="claim-says">
          <span className="claim-says-label">{t('claim.says')}</span>
          <p className="claim-says-text">{claim.description}</p>
          <span className="claim-says-time">{t('claim.filedAt', { time: when(claim.createdAt) })}</span>
        </div>
        {photos.length > 0 ? (
          <div className="claim-photos-wrap">
            <div className="claim-photos-title">{t('claim.photos', { count: photos.length })}</div>
            <div className="claim-photos">
              {photos.map((p, i) => (
                <button type="button" key={p.url} className="claim-photo" data-testid="claim-photo"
                  onClick={() => ImageViewer.Multi.show({ images: photos.map((x) => x.url), defaultIndex: i })} aria-label={t('claim.photoN', { n: i + 1 })}>
                  <img src={p.thumbUrl} alt="" loading="lazy" />
                </button>
              ))}
            </div>
          </div>
        ) : <div className="claim-no-photos">{t('claim.noPhotos')}</div>}
        {claim.flags.length > 0 && (
          <div className="claim-flags-block">
            <div className="claim-flags-title">{t('claim.flagsTitle')}</div>
            <ClaimFlags flags={claim.flags} />
          </div>
        )}
      </section>

      {waiting && !pastDeadline && <DecisionCard data={data} name={name} communityId={communityId} onStale={setStale} />}

      <section className="card-block">
        <h3 className="block-title">{t('claim.orderTitle')}</h3>
        <div className="claim-order">
          <ProductImage src={order.imageUrls[0]} size={64} />
          <div className="claim-order-info">
            <div className="claim-order-name">{order.productName}{order.groupNumber != null && <span className="claim-order-spec"> #{order.groupNumber}</span>}</div>
            <div className="claim-order-spec">{order.spec}</div>
            <div className="claim-order-line">
              <span>{t('claim.orderLine', { qty: order.quantity, unit: order.unit, price: yuan(order.unitPriceFen) })}</span>
              <strong>{t('claim.orderPaid', { amount: yuan(order.totalFen) })}</strong>
            </div>
            {order.pickedUpAt && <div className="claim-order-spec">{t('claim.pickedUpAt', { time: when(order.pickedUpAt) })}</div>}
          </div>
        </div>
      </section>

      <RuleCard claim={claim} />
      <Timeline data={data} name={name} timeZone={timeZone} />
    </div>
  );
}

/** Countdown to the deadline: calm, red under 30 minutes, and plain when it has passed. */
function DeadlineBanner({ claim, timeZone, passed }: { claim: Claim; timeZone: string; passed: boolean }) {
  const { t, i18n } = useTranslation('leader');
  const locale = i18n.language === 'en' ? 'en' : 'zh-CN';
  const now = useNow(15_000);
  const text = useCountdownText();
  const state = deadlineState(claim, now);
  if (!state || !claim.deadlineAt) return null;
  if (state.kind === 'overdue' || passed) {
    return (
      <section className="claim-banner overdue" role="alert" data-testid="claim-deadline-banner">
        <div className="claim-banner-big"><Icon.clock /> {t('claim.overdueTitle')}</div>
        <div className="claim-banner-sub">{t('claim.overdueHint')}</div>
      </section>
    );
  }
  return (
    <section className={`claim-banner${state.urgent ? ' urgent' : ''}`} data-testid="claim-deadline-banner">
      <div className="claim-banner-big"><Icon.clock /> {text(state)}</div>
      <div className="claim-banner-sub">{t('claim.deadlineTitle', { time: formatTime(claim.deadlineAt, timeZone, locale) })} · {t('claim.deadlineHint')}</div>
    </section>
  );
}

/** What happened: refunded / replaced / not accepted / with the platform, and what the resident reads. */
function OutcomeBanner({ data, timeZone }: { data: ClaimDetail; timeZone: string }) {
  const { t, i18n } = useTranslation('leader');
  const locale = i18n.language === 'en' ? 'en' : 'zh-CN';
  const { claim, refund } = data;
  const when = (iso: string | null) => (iso ? formatTime(iso, timeZone, locale) : '');
  let title: string;
  let tone: 'good' | 'neutral' | 'platform';
  if (claim.status === 'refunded') { title = t('claim.outcome.refunded', { amount: yuan(claim.refundedFen) }); tone = 'good'; }
  else if (claim.status === 'replaced') { title = t('claim.outcome.replaced'); tone = 'good'; }
  else if (claim.status === 'rejected') { title = t('claim.outcome.rejected'); tone = 'neutral'; }
  else if (claim.status === 'platform_review') {
    tone = 'platform';
    title = claim.reasonKey === 'claims.reason.deadline_missed' ? t('claim.outcome.escalatedByDeadline')
      : claim.reasonKey === 'claims.reason.leader_escalated' ? t('claim.outcome.escalatedByLeader') : t('claim.outcome.platform_review');
  } else { title = t('claim.outcome.needs_more'); tone = 'neutral'; }

  let by = '';
  if (claim.resolvedBy === 'leader') by = t(claim.status === 'refunded' ? 'claim.outcome.byLeaderFund' : 'claim.outcome.byLeader', { time: when(claim.resolvedAt) });
  else if (claim.resolvedBy === 'rule') by = t('claim.outcome.byRule', { time: when(claim.resolvedAt) });
  else if (claim.resolvedBy === 'platform') by = t('claim.outcome.byPlatform', { time: when(claim.resolvedAt) });
  else if (claim.escalatedAt) by = t('claim.outcome.escalatedAt', { time: when(claim.escalatedAt) });

  return (
    <section className={`claim-outcome ${tone}`} role="status" data-testid="claim-outcome">
      <div className="claim-outcome-head">
        <span className="claim-outcome-title">{title}</span>
        <ClaimStatusTag claim={claim} />
      </div>
      {by && <div className="claim-outcome-by">{by}</div>}
      {refund && <div className="claim-outcome-by">{refund.status === 'paid' ? t('claim.outcome.refundPaid') : t('claim.outcome.refundPending')}</div>}
      {claim.resolutionNote && <div className="claim-outcome-note">{t('claim.outcome.note', { note: claim.resolutionNote })}</div>}
      <div className="claim-outcome-sees">
        <span>{t('claim.outcome.residentSees')}</span>
        <p>{claim.reason}</p>
      </div>
    </section>
  );
}

/** Refund (advanced by the guarantee fund), replace, not accepted, or send to the platform. */
function DecisionCard({ data, name, communityId, onStale }: {
  data: ClaimDetail; name: string; communityId: string; onStale: (s: { code: string; message: string }) => void;
}) {
  const { t } = useTranslation('leader');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const lang = useLang();
  const { claim, line: order } = data;
  // His limit comes with the claim (configuration); without one, the claimed amount is the cap.
  const limitFen = data.limits?.leaderRefundLimitFen ?? null;
  const maxFen = limitFen === null ? claim.amountFen : Math.min(claim.amountFen, limitFen);
  const [amountText, setAmountText] = useState(() => fenToYuanInput(maxFen));
  const [amountTouched, setAmountTouched] = useState(false);
  const [note, setNote] = useState('');
  const [noteError, setNoteError] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const noteRef = useRef<TextAreaRef>(null);
  const noteBlockRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    setAmountText(fenToYuanInput(maxFen));
    setAmountTouched(false);
  }, [claim.id, maxFen]);

  const fen = parseYuanToFen(amountText);
  let amountError: string | null = null;
  if (fen === null) amountError = t('claim.errors.amountFormat');
  else if (fen < 1) amountError = t('claim.errors.amountMin');
  else if (fen > maxFen) amountError = t('claim.errors.amountMax', { max: yuan(maxFen) });
  const amountLabel = fen !== null && fen > 0 ? yuan(fen) : '¥—';

  const decide = useMutation({
    mutationFn: (body: { action: LeaderDecision; amountFen?: number; note: string }) =>
      api<ClaimDetail>(`/api/claims/${claim.id}/leader-decision`, { body }),
    onSuccess: async (fresh, body) => {
      queryClient.setQueryData(claimKeys.detail(claim.id, lang), fresh);
      // The other language's copy, if any, is out of date.
      void queryClient.invalidateQueries({ queryKey: claimKeys.claim(claim.id), predicate: (q) => q.queryKey.at(-1) !== lang });
      setNote('');
      setActionError(null);
      Toast.show({ icon: 'success', content: t(`claim.toast.${body.action}`, { amount: yuan(fresh.claim.refundedFen) }) });
      window.scrollTo({ top: 0, behavior: 'smooth' });
      await invalidateClaims(queryClient, communityId);
    },
    onError: async (err) => {
      const message = errorMessage(err);
      Toast.show({ icon: 'fail', content: message, duration: 3000 });
      // Escalated meanwhile, answered elsewhere or past the deadline: the server says why (kept
      // above, since this card goes once the claim is no longer his), and the page shows what it is now.
      if (err instanceof ApiError && (STALE_CLAIM_CODES.includes(err.code) || err.status === 409)) {
        onStale({ code: err.code, message });
        await Promise.all([
          queryClient.invalidateQueries({ queryKey: claimKeys.claim(claim.id) }),
          invalidateClaims(queryClient, communityId),
        ]);
        window.scrollTo({ top: 0, behavior: 'smooth' });
        return;
      }
      setActionError(message);
    },
  });

  const trimmed = note.trim();
  const noteContent = trimmed ? (
    <div className="claim-confirm-note"><span>{t('claim.confirm.note')}</span><p>{trimmed}</p></div>
  ) : null;
  const confirm = async (title: string, body: string, ok: string, danger = false, extra?: React.ReactNode) => Dialog.confirm({
    title,
    content: <div className="claim-confirm">{extra}<p>{body}</p>{noteContent}</div>,
    confirmText: danger ? <span className="danger-text">{ok}</span> : ok,
    cancelText: t('cancel', { ns: 'common' }),
  });

  const refund = async () => {
    setActionError(null);
    setAmountTouched(true);
    if (amountError || fen === null) return; // shown in red under the amount
    const ok = await confirm(
      t('claim.confirm.refundTitle', { name, amount: yuan(fen) }), t('claim.confirm.refundBody'), t('claim.confirm.refundOk'), false,
      <div className="claim-confirm-amount">{yuan(fen)}</div>,
    );
    if (ok) decide.mutate({ action: 'refund', amountFen: fen, note: trimmed });
  };
  const replace = async () => {
    setActionError(null);
    const ok = await confirm(
      t('claim.confirm.replaceTitle', { name }),
      t('claim.confirm.replaceBody', { qty: claim.quantity, unit: order.unit, product: order.productName, name }),
      t('claim.confirm.replaceOk'),
    );
    if (ok) decide.mutate({ action: 'replace', note: trimmed });
  };
  const needReason = (action: 'reject' | 'escalate') => {
    if (trimmed.length >= 2) return false;
    const message = t(action === 'reject' ? 'claim.errors.rejectReason' : 'claim.errors.escalateReason');
    // Said next to the box (red), which comes into view with the keyboard: no toast on top of it.
    setNoteError(message);
    noteBlockRef.current?.scrollIntoView({ behavior: 'smooth', block: 'center' });
    noteRef.current?.focus();
    return true;
  };
  const reject = async () => {
    setActionError(null);
    if (needReason('reject')) return;
    const ok = await confirm(t('claim.confirm.rejectTitle'), t('claim.confirm.rejectBody'), t('claim.confirm.rejectOk'), true);
    if (ok) decide.mutate({ action: 'reject', note: trimmed });
  };
  const escalate = async () => {
    setActionError(null);
    if (needReason('escalate')) return;
    const ok = await confirm(t('claim.confirm.escalateTitle'), t('claim.confirm.escalateBody'), t('claim.confirm.escalateOk'));
    if (ok) decide.mutate({ action: 'escalate', note: trimmed });
  };

  const busy = decide.isPending;
  const pending = decide.variables?.action;
  const setAmount = (f: number) => { setAmountText(fenToYuanInput(f)); setAmountTouched(true); };
  const half = Math.max(1, Math.round(maxFen / 2));

  return (
    <section className="card-block claim-decide" data-testid="claim-decide">
      <h3 className="block-title">{t('claim.actionsTitle')}</h3>

      <div className="claim-refund">
        <label className="claim-field-label" htmlFor="claim-refund-amount">{t('claim.refundLabel')}</label>
        <div className={`claim-amount-input${amountTouched && amountError ? ' invalid' : ''}`}>
          <span className="claim-yuan-sign">¥</span>
          <Input id="claim-refund-amount" value={amountText} inputMode="decimal" aria-invalid={!!(amountTouched && amountError)}
            onChange={(v) => { setAmountText(v); setAmountTouched(true); }} data-testid="claim-refund-amount" clearable />
        </div>
        <div className="claim-quick-amounts">
          <button type="button" className={fen === maxFen ? 'on' : ''} onClick={() => setAmount(maxFen)}>{t('claim.full', { amount: yuan(maxFen) })}</button>
          {maxFen >= 2 && <button type="button" className={fen === half ? 'on' : ''} onClick={() => setAmount(half)}>{t('claim.half', { amount: yuan(half) })}</button>}
        </div>
        <div className="claim-field-hint">
          {t('claim.refundMax', { max: yuan(maxFen) })}
          {limitFen !== null && claim.amountFen > limitFen && <> · {t('claim.refundLimit', { limit: yuan(limitFen) })}</>}
        </div>
        {amountTouched && amountError && <div className="claim-field-error" role="alert" data-testid="claim-amount-error">{amountError}</div>}
        <Button block color="primary" size="large" className="claim-refund-btn" onClick={refund} disabled={busy} loading={busy && pending === 'refund'} data-testid="claim-refund">
          {t('claim.refundButton', { amount: amountLabel })}
        </Button>
        <div className="claim-fund-hint"><Icon.shield /> {t('claim.fundHint')}</div>
      </div>

      <div className="claim-replace">
        <Button block size="large" color="primary" fill="outline" onClick={replace} disabled={busy} loading={busy && pending === 'replace'} data-testid="claim-replace">
          {t('claim.replaceButton')}
        </Button>
        <div className="claim-field-hint">{t('claim.replaceHint')}</div>
      </div>

      <div className="claim-disagree" ref={noteBlockRef}>
        <div className="claim-disagree-title">{t('claim.disagree')}</div>
        <label className="claim-field-label" htmlFor="claim-note">{t('claim.noteLabel')}</label>
        <div className={`claim-note${noteError ? ' invalid' : ''}`}>
          <TextArea id="claim-note" ref={noteRef} value={note} placeholder={t('claim.notePlaceholder')} maxLength={500} showCount autoSize={{ minRows: 3, maxRows: 6 }}
            onChange={(v) => { setNote(v); if (v.trim().length >= 2) setNoteError(null); }} data-testid="claim-note" />
        </div>
        {noteError ? <div className="claim-field-error" role="alert" data-testid="claim-note-error">{noteError}</div>
          : <div className="claim-field-hint">{t('claim.noteHint')}</div>}
        <div className="claim-two-buttons">
          <Button size="large" onClick={reject} disabled={busy} loading={busy && pending === 'reject'} className="claim-reject-btn" data-testid="claim-reject">
            {t('claim.rejectButton')}
          </Button>
          <Button size="large" onClick={escalate} disabled={busy} loading={busy && pending === 'escalate'} data-testid="claim-escalate">
            {t('claim.escalateButton')}
          </Button>
        </div>
      </div>

      <ActionError message={actionError} />
      {actionError && (
        <Button block fill="none" color="primary" onClick={() => navigate(`/leader/${communityId}/claims`)}>{t('claim.outcome.backToInbox')}</Button>
      )}
    </section>
  );
}

/**
 * The rule that sent the claim here, by its name in the version that decided (the claim carries it),
 * what the published rule says when that version is still current, and the facts it read.
 */
function RuleCard({ claim }: { claim: DetailedClaim }) {
  const { t } = useTranslation('leader');
  const rules = usePublicRules();
  const rule = claim.ruleKey ? rules.data?.rules.find((r) => r.key === claim.ruleKey) : undefined;
  const name = claim.ruleName ?? claim.ruleKey;
  const facts = Object.entries(claim.factsUsed ?? {});
  const factValue = (key: string, value: unknown): string => {
    if (typeof value === 'boolean') return value ? t('claim.yes') : t('claim.no');
    if (key === 'kind' && value === claim.kind) return claim.kindLabel;
    if (key === 'category' && typeof value === 'string') return t(`claim.categories.${value}`, { defaultValue: value });
    // Rates are fractions: 0.5 reads better as 50%.
    if (/_rate_/.test(key) && typeof value === 'number') return `${Math.round(value * 1000) / 10}%`;
    return String(value);
  };
  return (
    <section className="card-block claim-rule" data-testid="claim-rule">
      <h3 className="block-title">{t('claim.ruleTitle')}</h3>
      {claim.ruleKey && claim.ruleVersion !== null ? (
        <>
          <div className="claim-rule-line">{t('claim.ruleLine', { name, version: claim.ruleVersion })}</div>
          {rule && rule.version === claim.ruleVersion && <p className="claim-rule-desc">{rule.description}</p>}
          {rule && rule.version !== claim.ruleVersion && <p className="claim-rule-desc">{t('claim.ruleUpdated', { current: rule.version, version: claim.ruleVersion })}</p>}
          <div className="claim-rule-key">{t('claim.ruleKey', { key: claim.ruleKey, version: claim.ruleVersion })}</div>
        </>
      ) : <div className="claim-rule-line">{t('claim.ruleNone')}</div>}
      {facts.length > 0 && (
        <div className="claim-facts">
          <div className="claim-facts-title">{t('claim.factsTitle')}</div>
          <dl>
            {facts.map(([k, v]) => (
              <div key={k}><dt>{t(`claim.facts.${k}`, { defaultValue: k })}</dt><dd>{factValue(k, v)}</dd></div>
            ))}
          </dl>
        </div>
      )}
    </section>
  );
}

/** The claim's story, oldest first. */
function Timeline({ data, name, timeZone }: { data: ClaimDetail; name: string; timeZone: string }) {
  const { t, i18n } = useTranslation('leader');
  const locale = i18n.language === 'en' ? 'en' : 'zh-CN';
  return (
    <section className="card-block">
      <h3 className="block-title">{t('claim.timelineTitle')}</h3>
      <ol className="claim-timeline" data-testid="claim-timeline">
        {data.actions.map((a, i) => {
          const key = a.action.replace(/:/g, '_');
          const actor = a.actorRole === 'resident' ? name : t(`claim.actors.${a.actorRole}`, { defaultValue: a.actorRole });
          const what = t(`claim.events.${key}`, { defaultValue: a.action, amount: a.amountFen !== null ? yuan(a.amountFen) : '' });
          // The filing note is the description shown above; other notes are what the person wrote.
          const note = a.action === 'filed' ? '' : a.note;
          return (
            <li key={i} className={`claim-step role-${a.actorRole}`}>
              <span className="claim-step-dot" aria-hidden="true" />
              <div className="claim-step-body">
                <div className="claim-step-head"><strong>{actor}</strong> {what}</div>
                {note && <div className="claim-step-note">{note}</div>}
                <div className="claim-step-time">{formatTime(a.at, timeZone, locale)}</div>
              </div>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
