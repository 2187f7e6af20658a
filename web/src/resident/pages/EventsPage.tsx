import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { RequireLogin } from '../../shared/auth';
import type { Me } from '../../shared/types';
import { isUuid, useCommunity } from '../lib/api';
import { MobilePage, useTitle } from '../components/Page';
import { EventsSection } from '../components/life/EventsSection';
import { NotFound } from './NotFound';

/** /c/:communityId/events — the community's events, upcoming and past. */
export default function EventsPage() {
  const { communityId } = useParams();
  if (!isUuid(communityId)) return <NotFound kind="community" />;
  return <RequireLogin>{(me) => <Events me={me} communityId={communityId} />}</RequireLogin>;
}

function Events({ me, communityId }: { me: Me; communityId: string }) {
  const { t } = useTranslation('resident');
  const community = useCommunity(communityId);
  useTitle(t('events.title'));
  const timeZone = community.data?.timeZone ?? me.communities.find((c) => c.id === communityId)?.timeZone ?? 'Asia/Shanghai';
  return (
    <MobilePage title={t('events.title')} back={`/c/${communityId}?view=events`} className="r-events-page">
      <EventsSection communityId={communityId} timeZone={timeZone} />
    </MobilePage>
  );
}
