import { Button, Toast } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import type { ResidentTrust } from '../../../shared/types';
import { ApiError } from '../../../shared/api';
import { useMyCocreate, type CocreateInvitation, useRespondCocreate } from '../../lib/api';
import { useLocaleTag } from '../../lib/time';
import { RefundIcon, SproutIcon, TruckIcon } from '../icons';

export function Perks({ trust: d }: { trust: ResidentTrust }) {
  const { t } = useTranslation('resident');
  const refundOn = d.instantRefundQuotaYuan > 0;
  // The birthday job greets levels A and B on the day (trust module, sendBirthdayGifts).
  const birthdayOn = d.level === 'A' || d.level === 'B';
  const soon = [{ key: 'perkPriority', icon: <TruckIcon size={20} /> }] as const;
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
      <div className={`r-perk${birthdayOn ? ' r-perk-on' : ''}`} data-testid="trust-birthday">
        <span className="r-perk-icon" aria-hidden="true"><GiftIcon /></span>
        <div className="r-perk-text">
          <div className="r-strong">{t('trust.perkBirthday')}</div>
          <div className="r-small r-muted">{birthdayOn ? t('trust.perkBirthdayOn') : t('trust.perkBirthdayOff')}</div>
        </div>
        {birthdayOn && <span className="r-perk-tag r-perk-tag-on">{t('trust.perkOn')}</span>}
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
export function CocreatePerk() {
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

export function CocreateItem({ inv }: { inv: CocreateInvitation }) {
  const { t } = useTranslation('resident');
  const locale = useLocaleTag();
  const respond = useRespondCocreate(inv.id, {
    onError: (err) => Toast.show({ icon: 'fail', content: err instanceof ApiError ? err.message : t('trust.cocreate.failed'), duration: 2500 }),
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

export function GiftIcon() {
  return (
    <svg width={20} height={20} viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth={1.8} strokeLinecap="round" strokeLinejoin="round">
      <rect x="3.5" y="8" width="17" height="4" rx="1" /><path d="M5 12v8h14v-8M12 8v12" /><path d="M12 8c-1.5-3.5-5.5-4-5.5-1.5S12 8 12 8zM12 8c1.5-3.5 5.5-4 5.5-1.5S12 8 12 8z" />
    </svg>
  );
}
