import { useTranslation } from 'react-i18next';
import type { CampaignStandard } from '../../shared/campaigns';
import { CheckIcon } from '../components/icons';

/** The standards every product must prove, what each means and how each point is proved. */
export function StandardsSection({ standards }: { standards: CampaignStandard[] }) {
  const { t, i18n } = useTranslation('campaigns');
  const { t: ts } = useTranslation('standards');
  const en = i18n.language === 'en';
  return (
    <section className="r-card cp-section" data-testid="campaign-standards">
      <h2 className="cp-title">{t('resident.standardsTitle')}</h2>
      <p className="r-small r-muted">{t('resident.standardsHint')}</p>
      <ul className="cp-standards">
        {standards.map((s) => (
          <li key={s.id} className="cp-standard" data-testid="campaign-standard">
            <div className="cp-standard-name"><CheckIcon size={16} />{en ? s.nameEn : s.nameZh}</div>
            {(en ? s.descriptionEn : s.descriptionZh) && <p className="cp-standard-desc">{en ? s.descriptionEn : s.descriptionZh}</p>}
            <ul className="cp-criteria">
              {s.criteria.map((c, i) => <li key={i} className="r-small">{t('resident.criterion', { name: en ? c.nameEn : c.nameZh, method: ts(`badges.method.${c.method}`) })}</li>)}
            </ul>
          </li>
        ))}
      </ul>
    </section>
  );
}
