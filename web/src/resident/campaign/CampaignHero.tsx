import { useTranslation } from 'react-i18next';
import { Toast } from 'antd-mobile';
import { campaignDay, type Campaign } from '../../shared/campaigns';

/** The campaign's name, badge and period, with a share button (the link previews as the campaign's card). */
export function CampaignHero({ campaign: c }: { campaign: Campaign }) {
  const { t, i18n } = useTranslation('campaigns');
  const en = i18n.language === 'en';
  const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  const share = async () => {
    const url = `${window.location.origin}/campaigns/${c.slug}`;
    try {
      if (navigator.share) await navigator.share({ title: en ? c.nameEn : c.nameZh, url });
      else { await navigator.clipboard.writeText(url); Toast.show({ content: t('resident.shared') }); }
    } catch { /* she closed the share sheet */ }
  };
  return (
    <header className="cp-hero" data-testid="campaign-hero">
      <span className="cp-hero-badge" data-testid="campaign-badge">{en ? c.badgeEn : c.badgeZh}</span>
      <h1 className="cp-hero-name">{en ? c.nameEn : c.nameZh}</h1>
      <div className="cp-hero-period">{t('resident.heroPeriod', { period: t('period', { from: campaignDay(c.startsOn, en), to: campaignDay(c.endsOn, en) }) })}</div>
      {c.status === 'closed' || c.endsOn < today ? <div className="cp-hero-note">{t('resident.ended')}</div>
        : c.startsOn > today ? <div className="cp-hero-note">{t('resident.upcoming', { day: campaignDay(c.startsOn, en) })}</div> : null}
      <button type="button" className="cp-hero-share" onClick={share}>{t('resident.share')}</button>
    </header>
  );
}
