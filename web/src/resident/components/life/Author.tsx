import { Link } from 'react-router';
import { useTranslation } from 'react-i18next';

/**
 * Who wrote it: initial, name and — for the community's leader — a 「团长」 badge; the leader's
 * name opens his profile.
 */
export function Author({ communityId, id, name, isLeader, meta, size = 36 }: {
  communityId: string; id: string; name: string; isLeader: boolean; meta?: React.ReactNode; size?: number;
}) {
  const { t } = useTranslation('resident');
  const who = (
    <>
      <span className="r-author-name">{name}</span>
      {isLeader && <span className="r-leader-badge" data-testid="leader-badge">{t('feed.leaderBadge')}</span>}
    </>
  );
  return (
    <div className="r-author">
      <span className={`r-avatar${isLeader ? '' : ' r-avatar-plain'}`} style={{ width: size, height: size, fontSize: size * 0.45 }} aria-hidden="true">{Array.from(name)[0] ?? '邻'}</span>
      <div className="r-author-text">
        {isLeader ? (
          <Link to={`/c/${communityId}/leaders/${id}`} className="r-author-who r-author-link" onClick={(e) => e.stopPropagation()} data-testid="leader-link">{who}</Link>
        ) : (
          <span className="r-author-who">{who}</span>
        )}
        {meta && <div className="r-author-meta">{meta}</div>}
      </div>
    </div>
  );
}
