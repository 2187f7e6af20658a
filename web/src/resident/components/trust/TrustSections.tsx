import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ResidentLevel, ResidentTrust } from '../../../shared/types';
import { useLocaleTag } from '../../lib/time';
import { levelVariant } from '../../lib/trust';
import { ChevronRight, ShieldIcon, SproutIcon, UsersIcon } from '../icons';

/** TRUST.md §2 parameters, as the server uses them (shown in the formula, never computed from here). */
export const PRIOR_A = 4;
export const PRIOR_B = 1;
export const LEVEL_A_MIN = 85;

export function TrustHero({ trust: d }: { trust: ResidentTrust }) {
  const { t } = useTranslation('resident');
  const variant = levelVariant(d);
  // Progress toward A: the bar runs from the newcomer's 53 to A's 85.
  const pct = Math.max(4, Math.min(100, Math.round(((d.score - 53) / (LEVEL_A_MIN - 53)) * 100)));
  const newcomer = d.tenureDays < 30;
  return (
    <header className={`r-trust-hero r-trust-hero-${d.level}`}>
      <div className="r-trust-hero-top">
        <div className={`r-trust-badge r-trust-badge-${d.level}`} data-testid="trust-level" data-level={d.level}>
          <span className="r-trust-badge-icon" aria-hidden="true"><LevelIcon level={d.level} /></span>
          <span className="r-trust-badge-text">
            <span className="r-trust-badge-name">{t(`trust.levels.${variant}`)}</span>
            <span className="r-trust-badge-code">{t('trust.levelCode', { level: d.level })}</span>
          </span>
        </div>
        <div className="r-trust-score" aria-label={`${t('trust.scoreLabel')} ${d.score}`}>
          <span className="r-trust-score-num" data-testid="trust-score">{d.score}</span>
          <span className="r-trust-score-unit">{t('trust.scoreUnit')}</span>
        </div>
      </div>
      <p className="r-trust-note">{t(`trust.levelNote.${variant}`)}</p>
      <div className="r-trust-goal">
        {d.level === 'A' ? (
          <div className="r-trust-goal-text" data-testid="trust-to-a">{t('trust.isA')}</div>
        ) : (
          <>
            <div className="r-trust-goal-text" data-testid="trust-to-a">
              {d.ordersToLevelA !== null ? t('trust.toA', { n: d.ordersToLevelA }) : t('trust.toAUnknown')}
            </div>
            <div className="r-trust-bar" aria-hidden="true"><div style={{ width: `${pct}%` }} /><span className="r-trust-bar-mark" /></div>
            <div className="r-trust-goal-hint">
              {t('trust.toAHint')}
              {newcomer && <>{' · '}{t('trust.toANewcomer', { left: 30 - d.tenureDays })}</>}
            </div>
          </>
        )}
      </div>
      <div className="r-trust-ladder">{t('trust.ladder')}</div>
    </header>
  );
}

export function LevelIcon({ level }: { level: ResidentLevel }) {
  if (level === 'A') return <svg width={22} height={22} viewBox="0 0 24 24" fill="currentColor"><path d="m12 2.8 2.8 5.8 6.3.9-4.6 4.4 1.1 6.3L12 17.2l-5.6 3 1.1-6.3-4.6-4.4 6.3-.9z" /></svg>;
  if (level === 'B') return <ShieldIcon size={22} />;
  if (level === 'C') return <SproutIcon size={22} />;
  return <UsersIcon size={22} />;
}

export function MadeOf({ trust: d }: { trust: ResidentTrust }) {
  const { t } = useTranslation('resident');
  const locale = useLocaleTag();
  const date = (iso: string) => new Intl.DateTimeFormat(locale, { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'numeric', day: 'numeric' }).format(new Date(iso));
  const kindLabel = (kind: string) => {
    const known = ['claim_rejected', 'claim_fraud', 'photo_reuse', 'clawback_unpaid', 'chargeback', 'no_show'];
    return t(`trust.issueKinds.${known.includes(kind) ? kind : 'other'}`);
  };
  return (
    <section className="r-card r-trust-card" data-testid="trust-inputs">
      <h2 className="r-card-title">{t('trust.madeOf')}</h2>
      <div className="r-trust-row">
        <span className="r-trust-row-icon r-trust-good" aria-hidden="true">✓</span>
        <div className="r-trust-row-text">
          <div className="r-strong" data-testid="trust-good">{t('trust.goodOrders', { n: d.goodCounted })}</div>
          <div className="r-small r-muted">{t('trust.goodOrdersHint')}</div>
          {d.goodCapped > 0 && <div className="r-small r-muted">{t('trust.goodCapped', { n: d.goodCapped })}</div>}
        </div>
      </div>
      {d.issues.length === 0 ? (
        <div className="r-trust-row">
          <span className="r-trust-row-icon r-trust-good" aria-hidden="true">✓</span>
          <div className="r-trust-row-text">
            <div className="r-strong">{t('trust.noIssues')}</div>
            <div className="r-small r-muted">{t('trust.noIssuesHint')}</div>
          </div>
        </div>
      ) : (
        <div className="r-trust-row">
          <span className="r-trust-row-icon r-trust-issue" aria-hidden="true">!</span>
          <div className="r-trust-row-text">
            <div className="r-strong">{t('trust.issuesTitle', { n: d.issues.length })}</div>
            <ul className="r-trust-issues" data-testid="trust-issues">
              {d.issues.map((i, idx) => (
                <li key={`${i.kind}-${i.occurredAt}-${idx}`}>
                  <span>{kindLabel(i.kind)}</span>
                  <span className="r-small r-muted">{date(i.occurredAt)} · {t('trust.issueWeight', { k: i.severity })}</span>
                </li>
              ))}
            </ul>
            <div className="r-small r-muted">{t('trust.issueFades')}</div>
          </div>
        </div>
      )}
      <div className="r-trust-tenure r-small r-muted">{t('trust.tenure', { days: d.tenureDays, orders: d.paidOrders })}</div>
    </section>
  );
}

export function HowComputed({ trust: d }: { trust: ResidentTrust }) {
  const { t } = useTranslation('resident');
  const [open, setOpen] = useState(false);
  const a = d.alpha;
  const b = d.beta;
  const n = a + b;
  const sd = Math.sqrt((a * b) / (n * n * (n + 1)));
  const lb = Math.max(0, d.mean - 1.645 * sd);
  const f2 = (x: number) => x.toFixed(2);
  const pct = (x: number) => (100 * x).toFixed(1);
  return (
    <section className="r-card r-trust-card">
      <h2 className="r-card-title">{t('trust.howTitle')}</h2>
      <ol className="r-trust-how">
        {(['how1', 'how2', 'how3', 'how4'] as const).map((k) => <li key={k}>{t(`trust.${k}`)}</li>)}
      </ol>
      <button type="button" className="r-trust-toggle" aria-expanded={open} onClick={() => setOpen((v) => !v)} data-testid="trust-formula-toggle">
        {open ? t('trust.formulaHide') : t('trust.formulaToggle')}
        <ChevronRight size={14} className={open ? 'r-rot90' : ''} />
      </button>
      {open && (
        <div className="r-trust-formula" data-testid="trust-formula">
          <div>{t('trust.formula.a', { good: f2(a - PRIOR_A), a: f2(a) })}</div>
          <div>{t('trust.formula.b', { bad: f2(b - PRIOR_B), b: f2(b) })}</div>
          <div>{t('trust.formula.mean', { mean: pct(d.mean) })}</div>
          <div>{t('trust.formula.sd', { sd: pct(sd) })}</div>
          <div className="r-strong">{t('trust.formula.lb', { lb: pct(lb), score: d.score })}</div>
          <div className="r-small r-muted r-trust-formula-note">{t('trust.formula.note')}</div>
        </div>
      )}
    </section>
  );
}
