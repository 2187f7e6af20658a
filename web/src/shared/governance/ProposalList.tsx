import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { leftParts, type GovernanceEligibility, type ProposalSummary } from './api';
import './governance.css';

/** 「投票截止还有 2天 3小时 5分」 — the next boundary of a proposal, or nothing once it has none. */
export function NextBoundary({ p, now }: { p: Pick<ProposalSummary, 'phase' | 'nextBoundaryAt'>; now: number }) {
  const { t } = useTranslation('governance');
  if (!p.nextBoundaryAt || !(p.phase === 'review' || p.phase === 'voting' || p.phase === 'passed')) return null;
  const l = leftParts(p.nextBoundaryAt, now);
  return <div className="gov-count" role="timer">{t(`next.${p.phase}`)} {l.d > 0 ? t('countdown', l) : t('countdownShort', l)}</div>;
}

/** The result in one line, once the vote has closed. */
export function ResultLine({ p }: { p: Pick<ProposalSummary, 'outcome'> }) {
  const { t } = useTranslation('governance');
  const o = p.outcome;
  if (!o) return null;
  const key = o.passed ? 'result.passed' : o.quorumReached ? 'result.failedTie' : 'result.failedQuorum';
  return <div className="gov-result">{t(key, { ...o, needed: o.quorumNeeded })}</div>;
}

/** What lets her vote, or exactly what is missing and what to do about it. */
export function EligibilityCard({ e, formatDate }: { e: GovernanceEligibility; formatDate: (iso: string) => string }) {
  const { t } = useTranslation('governance');
  if (e.eligible) {
    return (
      <div className="gov-eligible yes" role="status">
        <strong>{t('eligibility.yes')}</strong>
        {t('eligibility.yesDetail', { score: e.trustScore, min: e.minTrustScore, until: e.orderValidUntil ? formatDate(e.orderValidUntil) : '' })}
        <div className="gov-muted">{t('eligibility.household')}</div>
      </div>
    );
  }
  return (
    <div className="gov-eligible no" role="status">
      <strong>{t('eligibility.no')}</strong>
      <ul>{e.reasons.map((r) => <li key={r}>{t(`eligibility.${r}`, { score: e.trustScore, min: e.minTrustScore, days: e.paidOrderWithinDays })}</li>)}</ul>
    </div>
  );
}

/** One community's proposals as cards: kind, phase, the countdown, turnout or the result. */
export function ProposalList({ items, now, hrefOf }: { items: ProposalSummary[]; now: number; hrefOf: (id: string) => string }) {
  const { t } = useTranslation('governance');
  if (items.length === 0) return <div className="gov-section gov-muted">{t('empty')}</div>;
  return (
    <div className="gov-list">
      {items.map((p) => (
        <Link key={p.id} to={hrefOf(p.id)} className="gov-card">
          <div className="gov-meta">
            <span className={`gov-tag gov-tag-${p.phase}`}>{t(`phase.${p.phase}`)}</span>
            <span className="gov-tag">{t(`kind.${p.kind}`)}</span>
          </div>
          <h3>{p.title}</h3>
          {p.outcome ? <ResultLine p={p} /> : <div className="gov-meta">{t('turnoutShort', { voters: p.voters })}</div>}
          <NextBoundary p={p} now={now} />
        </Link>
      ))}
    </div>
  );
}
