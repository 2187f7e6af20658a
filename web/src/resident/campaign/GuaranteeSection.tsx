import { Button, Skeleton } from 'antd-mobile';
import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';
import { api } from '../../shared/api';
import { useLocaleTag } from '../lib/time';
import { ShieldIcon } from '../components/icons';
import type { GuaranteeRule } from '../components/claims';
import './guarantee.css';
import { guaranteeKeys } from '../../shared/query-keys';

interface CampaignGuarantee { campaign: { slug: string; name: string; status: string }; rules: GuaranteeRule[] }

/** GET /api/campaigns/:slug/guarantee in the UI language (public: no login needed). */
export function useCampaignGuarantee(slug: string) {
  const { i18n } = useTranslation();
  return useQuery({
    queryKey: guaranteeKeys.campaignRules(slug, i18n.language),
    queryFn: () => api<CampaignGuarantee>(`/api/campaigns/${encodeURIComponent(slug)}/guarantee`),
    staleTime: 5 * 60_000,
  });
}

/**
 * 活动保障 on a campaign's page: what the campaign promises on top of the platform's guarantee, in
 * plain words, with each promise's version and the day it took effect.
 */
export function GuaranteeSection({ slug }: { slug: string }) {
  const { t } = useTranslation('guarantee');
  const locale = useLocaleTag();
  const q = useCampaignGuarantee(slug);
  const day = (iso: string) => new Intl.DateTimeFormat(locale, { timeZone: 'Asia/Shanghai', year: 'numeric', month: 'long', day: 'numeric' }).format(new Date(iso));

  return (
    <section className="r-card r-cg" data-testid="campaign-guarantee" aria-labelledby="campaign-guarantee-title">
      <h2 className="r-cg-title" id="campaign-guarantee-title"><ShieldIcon size={20} />{t('section.title')}</h2>
      {q.isError ? (
        <div className="r-cg-error" role="alert">
          <span>{t('section.error')}</span>
          <Button size="small" onClick={() => { void q.refetch(); }}>{t('section.retry')}</Button>
        </div>
      ) : !q.data ? (
        <div aria-busy="true"><Skeleton.Paragraph lineCount={3} animated /></div>
      ) : q.data.rules.length === 0 ? (
        <p className="r-cg-none">{t('section.none')}</p>
      ) : (
        <>
          <p className="r-cg-intro">{t('section.intro')}</p>
          <ul className="r-cg-list">
            {q.data.rules.map((r) => (
              <li key={r.key} className="r-cg-rule" data-testid="campaign-guarantee-rule" data-key={r.key}>
                <div className="r-cg-head">
                  <strong className="r-cg-name">{r.name}</strong>
                  <span className="r-cg-version">{t('section.version', { n: r.version })}</span>
                </div>
                <p className="r-cg-promise">{r.description}</p>
                <dl className="r-cg-facts">
                  <div><dt>{t('section.when')}</dt><dd>{r.reading}</dd></div>
                  <div><dt>{t('section.result')}</dt><dd><span className="r-cg-refund">{t('section.refund')}</span></dd></div>
                </dl>
                <div className="r-cg-since">{t('section.since', { date: day(r.since) })}</div>
              </li>
            ))}
          </ul>
          <p className="r-cg-fine">{t('section.fine')}</p>
        </>
      )}
      <Link to="/guarantees" className="r-cg-link">{t('section.platformLink')} ›</Link>
    </section>
  );
}
