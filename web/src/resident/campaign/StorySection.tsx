import { useTranslation } from 'react-i18next';
import type { Campaign } from '../../shared/campaigns';

/** Why the campaign exists, in the operator's words. Nothing shows without a story. */
export function StorySection({ campaign: c }: { campaign: Campaign }) {
  const { t, i18n } = useTranslation('campaigns');
  const story = i18n.language === 'en' ? c.storyEn : c.storyZh;
  if (!story) return null;
  return (
    <section className="r-card cp-section" data-testid="campaign-story">
      <h2 className="cp-title">{t('resident.story')}</h2>
      {story.split(/\n+/).map((p, i) => <p key={i} className="cp-story">{p}</p>)}
    </section>
  );
}
