import { Skeleton } from 'antd-mobile';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../shared/api';
import { RequireLogin } from '../../shared/auth';
import type { Me } from '../../shared/types';
import { isUuid, useCommunity } from '../lib/api';
import { useLeaderProfile, type LeaderProfile } from '../lib/life';
import { useTimeFormat } from '../lib/time';
import { ErrorView } from '../components/ErrorView';
import { MobilePage, useTitle } from '../components/Page';
import { LeaderAvatar } from '../components/LeaderBadge';
import { AwardIcon, ChevronRight, FileIcon, ShieldIcon } from '../components/icons';
import { NotFound } from './NotFound';

/** /c/:communityId/leaders/:userId — who the leader is: photo, title, his promise, years here, trials, certificates, honours. */
export default function LeaderProfilePage() {
  const { communityId, userId } = useParams();
  if (!isUuid(communityId) || !isUuid(userId)) return <NotFound />;
  return <RequireLogin>{(me) => <Profile me={me} communityId={communityId} userId={userId} />}</RequireLogin>;
}

function Profile({ me, communityId, userId }: { me: Me; communityId: string; userId: string }) {
  const { t } = useTranslation('resident');
  const profile = useLeaderProfile(communityId, userId);
  const community = useCommunity(communityId);
  const basic = community.data?.leaders.find((l) => l.userId === userId);
  const timeZone = community.data?.timeZone ?? me.communities.find((c) => c.id === communityId)?.timeZone;
  const fmt = useTimeFormat(timeZone);
  useTitle(profile.data?.displayTitle ?? basic?.name ?? t('leaderProfile.title'));
  const back = `/c/${communityId}`;

  if (profile.isPending || (profile.isError && community.isPending)) {
    return (
      <MobilePage title={t('leaderProfile.title')} back={back}>
        <div className="r-lp-hero" aria-busy="true"><Skeleton animated className="r-lp-skel-photo" /><Skeleton.Title animated /></div>
        <div className="r-card"><Skeleton.Paragraph lineCount={4} animated /></div>
      </MobilePage>
    );
  }
  if (profile.isError) {
    const err = profile.error;
    // The profile is not there (yet): say so gently and still show who he is from the community.
    if (err instanceof ApiError && err.status === 404 && basic && err.code !== 'leader_profile.not_found') {
      return (
        <MobilePage title={t('leaderProfile.title')} back={back} className="r-lp">
          <header className="r-lp-hero" data-testid="leader-profile" data-state="basic">
            <LeaderAvatar name={basic.name} size={84} />
            <h1 className="r-lp-title">{basic.title ? `${basic.title}-${basic.name}` : basic.name}</h1>
            <div className="r-lp-role">{t('leader.role')}</div>
          </header>
          <section className="r-card r-center r-muted" data-testid="leader-profile-unavailable">{t('leaderProfile.unavailable')}</section>
          <div className="r-center"><Link to={back} className="r-link">{t('leaderProfile.backHome')}</Link></div>
        </MobilePage>
      );
    }
    return <MobilePage title={t('leaderProfile.title')} back={back}><ErrorView error={err} onRetry={() => profile.refetch()} /></MobilePage>;
  }

  const p: LeaderProfile = profile.data;
  const since = fmt.date(p.joinedAt);
  return (
    <MobilePage title={t('leaderProfile.title')} back={back} className="r-lp">
      <header className="r-lp-hero" data-testid="leader-profile" data-state="full">
        {p.photoUrl ? <img className="r-lp-photo" src={p.photoUrl} alt={p.name} /> : <LeaderAvatar name={p.name} size={84} />}
        <h1 className="r-lp-title" data-testid="leader-display-title">{p.displayTitle}</h1>
        <div className="r-lp-role">{t('leader.role')}</div>
      </header>

      <div className="r-lp-stats">
        <div className="r-lp-stat" data-testid="leader-years">
          <b>{p.yearsInCommunity > 0 ? t('leaderProfile.years', { count: p.yearsInCommunity }) : t('leaderProfile.newYear')}</b>
          <span>{t('leaderProfile.since', { date: since })}</span>
        </div>
        <div className="r-lp-stat" data-testid="leader-endorsements">
          <b>{p.endorsements}</b>
          <span>{t('leaderProfile.endorsements')}</span>
        </div>
        <div className="r-lp-stat">
          <b>{p.certificates.length}</b>
          <span>{t('leaderProfile.certificatesCount')}</span>
        </div>
      </div>

      <section className="r-card r-lp-mission">
        <h2 className="r-card-title">{t('leaderProfile.mission')}</h2>
        {p.mission ? <blockquote className="r-quote" data-testid="leader-mission">{p.mission}</blockquote> : <div className="r-muted">{t('leaderProfile.noMission', { name: p.name })}</div>}
      </section>

      {p.ambassadorships.length > 0 && (
        <section className="r-card r-lp-ambassador" data-testid="leader-ambassador">
          {p.ambassadorships.map((a) => (
            <Link key={a.campaignId} to={`/campaigns/${a.slug}`} className="r-campaign-ambassador-badge">
              <AwardIcon size={18} /> {t('leaderProfile.ambassador', { name: a.name })}
            </Link>
          ))}
        </section>
      )}

      <section className="r-card">
        <h2 className="r-card-title">{t('leaderProfile.honours')}</h2>
        {p.honours.length === 0 ? <div className="r-muted r-small">{t('leaderProfile.noHonours')}</div> : (
          <ul className="r-lp-list">
            {p.honours.map((h, i) => (
              <li key={`${h.name}-${i}`} className="r-lp-honour" data-testid="leader-honour">
                <span className="r-lp-honour-icon"><AwardIcon size={22} /></span>
                <div className="r-lp-item-text">
                  <div className="r-strong">{h.name}</div>
                  {h.description && <div className="r-small r-muted">{h.description}</div>}
                  {h.reason && <div className="r-lp-reason">{t('leaderProfile.reason', { reason: h.reason })}</div>}
                  <div className="r-small r-muted">{fmt.date(h.grantedAt)} · {t(h.byRule ? 'leaderProfile.byRule' : 'leaderProfile.byPlatform')}</div>
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section className="r-card">
        <h2 className="r-card-title">{t('leaderProfile.certificates')}</h2>
        {p.certificates.length === 0 ? <div className="r-muted r-small">{t('leaderProfile.noCertificates')}</div> : (
          <ul className="r-lp-list">
            {p.certificates.map((c) => (
              <li key={c.code} className="r-lp-cert" data-testid="leader-certificate">
                <span className="r-lp-cert-icon"><FileIcon size={20} /></span>
                <div className="r-lp-item-text">
                  <div className="r-strong">{c.courseTitle}</div>
                  <div className="r-small r-muted">{t('leaderProfile.completed', { date: fmt.date(c.completedAt) })} · <span className="r-mono">{c.code}</span></div>
                </div>
              </li>
            ))}
          </ul>
        )}
      </section>

      <Link to="/guarantees" className="r-card r-lp-promise">
        <ShieldIcon size={22} />
        <span className="r-lp-item-text"><span className="r-strong">{t('leaderProfile.promiseTitle')}</span><span className="r-small r-muted">{t('leaderProfile.promiseText', { name: p.name })}</span></span>
        <ChevronRight size={16} className="r-muted" />
      </Link>
    </MobilePage>
  );
}
