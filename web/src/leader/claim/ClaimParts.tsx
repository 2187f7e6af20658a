import { useTranslation } from 'react-i18next';
import { formatTime, yuan } from '../../shared/api';
import { Icon } from '../components';
import { useNow } from '../lib';
import { ClaimStatusTag, deadlineState, useCountdownText, usePublicRules, type Claim, type ClaimDetail, type DetailedClaim } from '../claims';

/** Countdown to the deadline: calm, red under 30 minutes, and plain when it has passed. */
export function DeadlineBanner({ claim, timeZone, passed }: { claim: Claim; timeZone: string; passed: boolean }) {
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
export function OutcomeBanner({ data, timeZone }: { data: ClaimDetail; timeZone: string }) {
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

/**
 * The rule that sent the claim here, by its name in the version that decided (the claim carries it),
 * what the published rule says when that version is still current, and the facts it read.
 */
export function RuleCard({ claim }: { claim: DetailedClaim }) {
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
export function Timeline({ data, name, timeZone }: { data: ClaimDetail; name: string; timeZone: string }) {
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
                <div className="claim-step-head"><strong translate={a.actorRole === 'resident' ? 'no' : undefined}>{actor}</strong> {what}</div>
                {note && <div className="claim-step-note" translate={a.actorRole === 'rule' ? undefined : 'no'}>{note}</div>}
                <div className="claim-step-time">{formatTime(a.at, timeZone, locale)}</div>
              </div>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
