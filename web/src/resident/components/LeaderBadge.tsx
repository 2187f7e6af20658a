import { useTranslation } from 'react-i18next';
import { Name } from '../../shared/names';

/** Round avatar with the leader's first character, their name and curator title. */
export function LeaderAvatar({ name, size = 40 }: { name: string; size?: number }) {
  return (
    <span className="r-avatar" style={{ width: size, height: size, fontSize: size * 0.45 }} aria-hidden="true" translate="no">
      {Array.from(name)[0] ?? '邻'}
    </span>
  );
}

export function LeaderCard({ leader, compact }: { leader: { name: string; title: string }; compact?: boolean }) {
  const { t } = useTranslation('resident');
  return (
    <div className={`r-leader-card${compact ? ' r-leader-compact' : ''}`}>
      <LeaderAvatar name={leader.name} size={compact ? 36 : 44} />
      <div className="r-leader-text">
        <div className="r-leader-name">
          {leader.title ? <><Name>{leader.title}</Name> · <b translate="no">{leader.name}</b></> : <b translate="no">{leader.name}</b>}
        </div>
        <div className="r-leader-role">{t('leader.role')}</div>
      </div>
    </div>
  );
}
