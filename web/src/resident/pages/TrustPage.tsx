import { useState } from 'react';
import { Button, Skeleton, Toast } from 'antd-mobile';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { RequireLogin } from '../../shared/auth';
import type { ResidentLevel, ResidentTrust } from '../../shared/types';
import { api, ApiError } from '../../shared/api';
import { useMyCocreate, useMyTrust, type CocreateInvitation } from '../lib/api';
import { useLocaleTag } from '../lib/time';
import { levelVariant } from '../lib/trust';
import { ErrorView } from '../components/ErrorView';
import { MobilePage, useTitle } from '../components/Page';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { ChevronRight, RefundIcon, ShieldIcon, SproutIcon, TruckIcon, UsersIcon } from '../components/icons';
import { trustKeys } from '../../shared/query-keys';

/** TRUST.md §2 parameters, as the server uses them (shown in the formula, never computed from here). */
const PRIOR_A = 4;
const PRIOR_B = 1;
const LEVEL_A_MIN = 85;

/** /me/trust — her own level, score, what it is made of and what it unlocks. Only she sees it. */
export default function TrustPage() {
  return <RequireLogin>{() => <Trust />}</RequireLogin>;
}

function Trust() {
  const { t } = useTranslation('resident');
  const trust = useMyTrust();
  useTitle(t('trust.title'));
  const page = (children: React.ReactNode) => (
    <MobilePage title={t('trust.title')} back="/orders" right={<LanguageSwitch className="r-lang-nav" />} className="r-trust">{children}</MobilePage>
  );
  if (trust.isError) return page(<ErrorView error={trust.error} onRetry={() => trust.refetch()} />);
  if (!trust.data) {
    return page(
      <div className="r-pad" aria-busy="true"><Skeleton.Title animated /><Skeleton.Paragraph lineCount={6} animated /></div>,
    );
  }
  const d = trust.data;
  return page(
    <>
      <TrustHero trust={d} />
      <MadeOf trust={d} />
      <HowComputed trust={d} />
      <Perks trust={d} />
      <p className="r-trust-foot">{t('trust.privacy')}</p>
    </>,
  );
}

function TrustHero({ trust: d }: { trust: ResidentTrust }) {
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

function LevelIcon({ level }: { level: ResidentLevel }) {
  if (level === 'A') return <svg width={22} height={22} viewBox="0 0 24 24" fill="currentColor"><path d="m12 2.8 2.8 5.8 6.3.9-4.6 4.4 1.1 6.3L12 17.2l-5.6 3 1.1-6.3-4.6-4.4 6.3-.9z" /></svg>;
  if (level === 'B') return <ShieldIcon size={22} />;
  if (level === 'C') return <SproutIcon size={22} />;
  return <UsersIcon size={22} />;
}

function MadeOf({ trust: d }: { trust: ResidentTrust }) {
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

function HowComputed({ trust: d }: { trust: ResidentTrust }) {
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

function Perks({ trust: d }: { trust: ResidentTrust }) {
  const { t } = useTranslation('resident');
  const refundOn = d.instantRefundQuotaYuan > 0;
  const soon = [
    { key: 'perkPriority', icon: <TruckIcon size={20} /> },
    { key: 'perkBirthday', icon: <GiftIcon /> },
  ] as const;
  return (
    <section className="r-card r-trust-card" data-testid="trust-perks">
      <h2 className="r-card-title">{t('trust.perksTitle')}</h2>
      <div className={`r-perk${refundOn ? ' r-perk-on' : ''}`}>
        <span className="r-perk-icon" aria-hidden="true"><RefundIcon size={20} /></span>
        <div className="r-perk-text">
          <div className="r-strong">{t('trust.perkRefund')}</div>
          <div className="r-small r-muted" data-testid="trust-refund-quota">
            {refundOn ? t('trust.perkRefundOn', { quota: Math.round(d.instantRefundQuotaYuan) }) : t('trust.perkRefundOff')}
          </div>
        </div>
        {refundOn && <span className="r-perk-tag r-perk-tag-on">{t('trust.perkOn')}</span>}
      </div>
      {soon.map((p) => (
        <div className="r-perk r-perk-soon" key={p.key}>
          <span className="r-perk-icon" aria-hidden="true">{p.icon}</span>
          <div className="r-perk-text">
            <div className="r-strong">{t(`trust.${p.key}`)}</div>
          </div>
          <span className="r-perk-tag">{t('trust.perkSoon')}</span>
        </div>
      ))}
      <CocreatePerk />
    </section>
  );
}

/** 新品共创邀请: the invitations open to her level, answered right here; a calm line when there are none. */
function CocreatePerk() {
  const { t } = useTranslation('resident');
  const invites = useMyCocreate();
  const items = invites.data?.items ?? [];
  if (items.length === 0) {
    return (
      <div className="r-perk r-perk-soon" data-testid="cocreate-none">
        <span className="r-perk-icon" aria-hidden="true"><SproutIcon size={20} /></span>
        <div className="r-perk-text">
          <div className="r-strong">{t('trust.perkCocreate')}</div>
          <div className="r-small r-muted">{t('trust.cocreate.none')}</div>
        </div>
      </div>
    );
  }
  return (
    <div className="r-perk r-perk-on r-perk-cocreate">
      <span className="r-perk-icon" aria-hidden="true"><SproutIcon size={20} /></span>
      <div className="r-perk-text">
        <div className="r-strong">{t('trust.perkCocreate')}</div>
        <div className="r-small r-muted">{t('trust.cocreate.hint')}</div>
        <div className="r-cocreate-list">
          {items.map((inv) => <CocreateItem key={inv.id} inv={inv} />)}
        </div>
      </div>
    </div>
  );
}

function CocreateItem({ inv }: { inv: CocreateInvitation }) {
  const { t } = useTranslation('resident');
  const locale = useLocaleTag();
  const queryClient = useQueryClient();
  const respond = useMutation({
    mutationFn: (accept: boolean) => api<{ invitationId: string; accepted: boolean }>(`/api/cocreate/${inv.id}/respond`, { body: { accept } }),
    onSuccess: (res) => {
      queryClient.setQueryData<{ items: CocreateInvitation[] }>(trustKeys.cocreate(), (old) => old && {
        items: old.items.map((i) => (i.id !== res.invitationId ? i : {
          ...i,
          accepted: res.accepted,
          taken: Math.max(0, i.taken + (res.accepted ? 1 : 0) - (i.accepted === true ? 1 : 0)),
        })),
      });
    },
    onError: (err) => Toast.show({ icon: 'fail', content: err instanceof ApiError ? err.message : t('trust.cocreate.failed'), duration: 2500 }),
    onSettled: () => { void queryClient.invalidateQueries({ queryKey: trustKeys.cocreate() }); },
  });
  const left = Math.max(0, inv.seats - inv.taken);
  const kinds = ['product_test', 'packaging_vote', 'other'] as const;
  const kind = kinds.find((k) => k === inv.kind) ?? 'other';
  const closes = new Intl.DateTimeFormat(locale, { timeZone: 'Asia/Shanghai', month: 'short', day: 'numeric' }).format(new Date(inv.closesAt));
  const busy = respond.isPending;
  return (
    <div className="r-cocreate" data-testid="cocreate-item" data-accepted={inv.accepted === null ? '' : String(inv.accepted)}>
      <div className="r-cocreate-title">{inv.title}</div>
      <div className="r-cocreate-desc">{inv.description}</div>
      <div className="r-cocreate-meta">
        {t(`trust.cocreate.kinds.${kind}`)}
        <span className="r-dot">·</span>
        {left > 0 ? t('trust.cocreate.seatsLeft', { n: left }) : t('trust.cocreate.full')}
        <span className="r-dot">·</span>
        {t('trust.cocreate.closes', { date: closes })}
      </div>
      <div className="r-cocreate-actions">
        {inv.accepted === null ? (
          <>
            <Button size="small" color="primary" loading={busy && respond.variables === true} disabled={busy} onClick={() => respond.mutate(true)} data-testid="cocreate-accept">{t('trust.cocreate.accept')}</Button>
            <Button size="small" fill="outline" loading={busy && respond.variables === false} disabled={busy} onClick={() => respond.mutate(false)} data-testid="cocreate-decline">{t('trust.cocreate.decline')}</Button>
          </>
        ) : inv.accepted ? (
          <>
            <span className="r-cocreate-state r-cocreate-state-yes">{t('trust.cocreate.accepted')}</span>
            <button type="button" className="r-cocreate-change" disabled={busy} onClick={() => respond.mutate(false)} data-testid="cocreate-decline">{t('trust.cocreate.undoAccept')}</button>
          </>
        ) : (
          <>
            <span className="r-cocreate-state r-cocreate-state-no">{t('trust.cocreate.declined')}</span>
            <button type="button" className="r-cocreate-change" disabled={busy} onClick={() => respond.mutate(true)} data-testid="cocreate-accept">{t('trust.cocreate.undoDecline')}</button>
          </>
        )}
      </div>
    </div>
  );
}

function GiftIcon() {
  return (
    <svg width={20} height={20} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.8} strokeLinecap="round" strokeLinejoin="round">
      <rect x="3.5" y="8" width="17" height="4" rx="1" /><path d="M5 12v8h14v-8M12 8v12" /><path d="M12 8c-1.5-3.5-5.5-4-5.5-1.5S12 8 12 8zM12 8c1.5-3.5 5.5-4 5.5-1.5S12 8 12 8z" />
    </svg>
  );
}
