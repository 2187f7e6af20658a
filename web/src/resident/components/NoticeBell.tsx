import { Badge } from 'antd-mobile';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useNotices } from '../lib/api';
import { BellIcon } from './icons';

/** The bell with the number of unread notices; opens 「消息通知」. */
export function NoticeBell({ className = '' }: { className?: string }) {
  const { t } = useTranslation('resident');
  const navigate = useNavigate();
  const notices = useNotices();
  const unread = notices.data?.unread ?? 0;
  return (
    <button
      type="button"
      className={`r-bell ${className}`}
      onClick={() => navigate('/notices')}
      aria-label={unread > 0 ? t('notices.bellUnread', { count: unread }) : t('notices.title')}
      data-testid="notice-bell"
      data-unread={unread}
    >
      <Badge content={unread > 0 ? (unread > 99 ? '99+' : unread) : null} style={{ '--right': '-2px', '--top': '2px' } as React.CSSProperties}>
        <BellIcon size={22} />
      </Badge>
    </button>
  );
}
