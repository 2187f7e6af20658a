import { useTranslation } from 'react-i18next';
import { Tag } from 'antd-mobile';
import { formatTime } from '../../shared/api';
import type { LeaderFactor, LeaderIndexReading, LeaderTier, LeaderTrustIndex } from '../../shared/types';
import { TIER_COLORS } from '../TrustIndexChart';
import { pct, one } from './format';

/** TRUST.md §4's four dimensions in their order, then fulfilment accuracy (F^0.10). */
export const DIMENSIONS: LeaderFactor[] = ['satisfaction', 'complaintControl', 'responseSpeed', 'activity', 'fulfilment'];
/** Readings from before fulfilment was measured carry no weight for it: the server's is 0.10. */
export const FULFILMENT_WEIGHT = 0.1;
/** TRUST.md §4 tiers (operators may tune them; the server's reading carries the tier and rate). */
export const TIERS: { tier: LeaderTier; min: number }[] = [
  { tier: 'gold', min: 85 }, { tier: 'silver', min: 75 }, { tier: 'standard', min: 60 }, { tier: 'watch', min: 45 }, { tier: 'rectify', min: 0 },
];
export const MIN_ORDERS_FOR_TIER = 50;

export function TierTag({ tier }: { tier: LeaderTier }) {
  const { t } = useTranslation('leader');
  return <Tag className="tier-tag" color={TIER_COLORS[tier]} fill="solid" round>{t('trust.tierSuffix', { tier: t(`trust.tiers.${tier}`) })}</Tag>;
}

export function IndexHero({ reading: r, timeZone }: { reading: LeaderIndexReading; timeZone: string }) {
  const { t, i18n } = useTranslation('leader');
  const provisional = r.reason === 'provisional';
  return (
    <section className={`trust-hero tier-${r.tier}`}>
      <div className="trust-hero-label">{t('trust.indexLabel')}</div>
      <div className="trust-hero-main">
        <div className="trust-hero-value">
          <span className="trust-hero-num" data-testid="leader-index">{one(r.indexValue)}</span>
          <span className="trust-hero-outof">{t('trust.outOf')}</span>
        </div>
        <div className="trust-hero-tier" data-testid="leader-tier" data-tier={r.tier}>
          <TierTag tier={r.tier} />
          {provisional && <span className="trust-provisional-tag">{t('trust.provisionalTag')}</span>}
        </div>
      </div>
      <div className="trust-hero-commission" data-testid="leader-commission">
        <strong>{t('trust.commission', { rate: pct(r.commissionRate) })}</strong>
        <span>{t(`trust.commissionDelta.${r.tier}`)}</span>
      </div>
      {provisional && (
        <div className="trust-provisional" data-testid="leader-provisional">
          {t('trust.provisional', { orders: r.orders, min: MIN_ORDERS_FOR_TIER })}
        </div>
      )}
      <div className="trust-hero-updated">{t('trust.updatedAt', { time: formatTime(r.computedAt, timeZone, i18n.language === 'en' ? 'en' : 'zh-CN') })}</div>
    </section>
  );
}

/** One horizontal bar per dimension: its contribution w·ln d to ln L (TRUST.md §4), with the score and inputs in words. */
export function DimensionBars({ reading: r, weights: given }: { reading: LeaderIndexReading; weights: LeaderTrustIndex['weights'] }) {
  const { t } = useTranslation('leader');
  const weights: Record<LeaderFactor, number> = { ...given, fulfilment: given.fulfilment ?? FULFILMENT_WEIGHT };
  // A reading from before fulfilment was measured counts it as perfect (F = 1, no pull).
  const component = (k: LeaderFactor) => r.components[k] ?? 1;
  const contribution = (k: LeaderFactor) => r.components[`ln_${k}`] ?? weights[k] * Math.log(Math.max(0.001, component(k)));
  const values = DIMENSIONS.map((k) => ({ k, v: contribution(k) }));
  const sum = values.reduce((s, x) => s + x.v, 0);
  // Bars share one scale so they compare; a floor keeps tiny pulls looking tiny.
  const scale = Math.max(0.2, ...values.map((x) => Math.abs(x.v)));
  const n1 = (x: number) => (Math.round(x * 10) / 10).toString();
  // The inputs are counts weighted by how recent they are, so they are shown to one decimal at most.
  const inputs = (k: LeaderFactor) => {
    const i = r.inputs;
    switch (k) {
      case 'satisfaction': return [t('trust.inputs.satisfaction', { good: n1(i.goodRatings), bad: n1(i.badRatings) }), t('trust.inputs.satisfactionPrior')];
      case 'complaintControl': return [t('trust.inputs.complaintControl', { orders: n1(i.orders), complaints: n1(i.complaints) }), t('trust.inputs.complaintControlHint')];
      case 'responseSpeed': return [
        (i.claimsOnTime ?? 0) + (i.claimsLate ?? 0) > 0
          ? t('trust.inputs.responseSpeedClaims', { onTime: n1(i.claimsOnTime ?? 0), late: n1(i.claimsLate ?? 0) })
          : t('trust.inputs.responseSpeed'),
        t('trust.inputs.responseSpeedHint'),
      ];
      case 'activity': return [t('trust.inputs.activity', { buyers: i.qualifiedBuyers30d }), t('trust.inputs.activityHint')];
      case 'fulfilment': return [t('trust.inputs.fulfilment', { handed: n1(i.handedOver ?? 0), faults: n1(i.handoverFaults ?? 0) }), t('trust.inputs.fulfilmentHint')];
    }
  };
  return (
    <section className="card-block" data-testid="leader-index-bars">
      <h2 className="block-title">{t('trust.barsTitle')}</h2>
      <p className="trust-intro">{t('trust.barsIntro')}</p>
      {values.map(({ k, v }) => {
        const score = Math.round(100 * component(k));
        const [main, hint] = inputs(k);
        return (
          <div className="dim" key={k} data-testid={`dim-${k}`}>
            <div className="dim-head">
              <span className="dim-name">{t(`trust.dims.${k}`)}</span>
              <span className="dim-score">{t('trust.score', { s: score })}</span>
              <span className="dim-weight">{t('trust.weight', { w: Math.round(weights[k] * 100) })}</span>
            </div>
            <div className="dim-bar-row">
              <div className="dim-bar" role="img" aria-label={`${t(`trust.dims.${k}`)} ${v.toFixed(3)}`}>
                <div className={`dim-bar-fill${Math.abs(v) / scale > 0.6 ? ' heavy' : ''}`} style={{ width: `${Math.max(1.5, (Math.abs(v) / scale) * 100)}%` }} />
              </div>
              <span className="dim-value">{v.toFixed(3)}</span>
              <span className="dim-factor">{t('trust.factor', { f: Math.exp(v).toFixed(2) })}</span>
            </div>
            <div className="dim-inputs">{main}</div>
            <div className="dim-hint">{hint}</div>
          </div>
        );
      })}
      <div className="dim-total">{t('trust.total', { sum: sum.toFixed(3), index: one(100 * Math.exp(sum)) })}</div>
      <p className="trust-intro trust-formula-note">{t('trust.barsFormula')}</p>
    </section>
  );
}

export function TierChanges({ readings, timeZone }: { readings: LeaderIndexReading[]; timeZone: string }) {
  const { t, i18n } = useTranslation('leader');
  const changes = readings.filter((r) => r.tierChanged).slice(-5).reverse();
  if (changes.length === 0) return null;
  return (
    <div className="tier-changes">
      <div className="tier-changes-title">{t('trust.changesTitle')}</div>
      {changes.map((r) => (
        <div className="tier-change" key={r.id ?? r.computedAt}>
          <span className="tier-dot" style={{ background: TIER_COLORS[r.tier] }} aria-hidden="true" />
          <span className="tier-change-time">{formatTime(r.computedAt, timeZone, i18n.language === 'en' ? 'en' : 'zh-CN')}</span>
          <span className="tier-change-text">{t('trust.changeRow', { tier: t(`trust.tiers.${r.tier}`), reason: t(`trust.reasons.${r.reason}`) })}</span>
          <span className="tier-change-value">{one(r.indexValue)}</span>
        </div>
      ))}
    </div>
  );
}

export function TierLadder({ current }: { current: LeaderTier }) {
  const { t } = useTranslation('leader');
  return (
    <section className="card-block">
      <h2 className="block-title">{t('trust.ladderTitle')}</h2>
      <div className="tier-ladder">
        {TIERS.map((x) => (
          <div key={x.tier} className={`tier-step${x.tier === current ? ' current' : ''}`}>
            <span className="tier-dot" style={{ background: TIER_COLORS[x.tier] }} aria-hidden="true" />
            <span className="tier-step-who">
              <span className="tier-step-name">{t(`trust.tiers.${x.tier}`)}</span>
              <span className="tier-step-min">{x.min > 0 ? t('trust.ladderRow', { min: x.min }) : t('trust.ladderBottom')}</span>
            </span>
            <span className="tier-step-effect">{t(`trust.commissionDelta.${x.tier}`)}</span>
          </div>
        ))}
      </div>
      <p className="trust-intro trust-formula-note">{t('trust.ladderRule')}</p>
    </section>
  );
}
