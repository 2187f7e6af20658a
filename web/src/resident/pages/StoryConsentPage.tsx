import { DotLoading } from 'antd-mobile';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { RequireLogin } from '../../shared/auth';
import { useMyStory } from '../../shared/stories';
import { ErrorView } from '../components/ErrorView';
import { MobilePage, useTitle } from '../components/Page';
import { StoryConsent } from '../campaign/StoryConsent';

/** /c/:communityId/stories/:storyId — opened from the notice: may her post be shown on the campaign page? */
export function StoryConsentPage() {
  const { communityId = '', storyId = '' } = useParams();
  const { t } = useTranslation('stories');
  useTitle(t('consent.navTitle'));
  return (
    <MobilePage title={t('consent.navTitle')} back={`/c/${communityId}`}>
      <RequireLogin>{() => <Consent storyId={storyId} />}</RequireLogin>
    </MobilePage>
  );
}

function Consent({ storyId }: { storyId: string }) {
  const q = useMyStory(storyId);
  if (q.isPending) return <div className="r-center" style={{ padding: 24 }}><DotLoading /></div>;
  if (q.isError) return <ErrorView error={q.error} onRetry={() => q.refetch()} />;
  return <StoryConsent story={q.data} />;
}
