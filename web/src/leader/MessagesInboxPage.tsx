import { Suspense } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { PullToRefresh } from 'antd-mobile';
import { formatTime } from '../shared/api';
import { EmptyState, PageError, PageLoading } from '../shared/states';
import { useInbox, type MessageInbox } from '../shared/messages/chat';
import { LeaderPage, NotLeader, useLeaderOf } from './components';
import '../shared/messages/messages.css';

/** /leader/:communityId/messages — 邻居消息: every resident's private conversation, newest first, unread marked. */
export function MessagesInboxPage() {
  const { communityId = '' } = useParams();
  const { community } = useLeaderOf(communityId);
  if (!community) return <NotLeader />;
  return <Inbox communityId={communityId} timeZone={community.timeZone} />;
}

function Inbox({ communityId, timeZone }: { communityId: string; timeZone: string }) {
  const { t } = useTranslation('messages');
  const list = useInbox(communityId);
  const pages = list.data?.pages ?? [];
  const items = pages.flatMap((p) => p.items);
  const unread = pages[0]?.unreadTotal ?? 0;

  let body;
  if (list.isPending) body = <PageLoading />;
  else if (list.isError) body = <PageError error={list.error} onRetry={() => list.refetch()} />;
  else if (items.length === 0) body = <EmptyState title={t('inbox.empty')} description={t('inbox.emptyHint')} />;
  else {
    body = (
      <div className="inbox-list" data-testid="inbox-list">
        {items.map((c) => <InboxItem key={c.id} item={c} communityId={communityId} timeZone={timeZone} />)}
        {list.hasNextPage
          ? <button type="button" className="inbox-more" onClick={() => void list.fetchNextPage()} disabled={list.isFetchingNextPage}>{t('inbox.loadMore')}</button>
          : <div className="inbox-intro" style={{ textAlign: 'center' }}>{t('inbox.listEnd')}</div>}
      </div>
    );
  }
  return (
    <LeaderPage title={unread > 0 ? `${t('inbox.title')}（${unread}）` : t('inbox.title')} communityId={communityId} back={`/leader/${communityId}`}>
      <PullToRefresh onRefresh={async () => { await list.refetch(); }}>
        <div className="inbox-intro">{t('inbox.intro')}</div>
        {body}
      </PullToRefresh>
    </LeaderPage>
  );
}

function InboxItem({ item, communityId, timeZone }: { item: MessageInbox['items'][number]; communityId: string; timeZone: string }) {
  const { t, i18n } = useTranslation('messages');
  const navigate = useNavigate();
  const last = item.lastMessage;
  let excerpt = '';
  if (last) {
    if (last.hidden) excerpt = t('inbox.hiddenLast');
    else excerpt = [last.withOrder ? t('inbox.withOrder') : '', last.excerpt, last.photos > 0 ? t('inbox.photo') : ''].filter(Boolean).join(' ');
    if (last.authorRole === 'leader') excerpt = `${t('inbox.youReplied')}${excerpt}`;
  }
  return (
    <button type="button" className={`inbox-item${item.unread > 0 ? ' unread' : ''}`} onClick={() => navigate(`/leader/${communityId}/messages/${item.id}`)} data-testid="inbox-item">
      <span className="inbox-avatar" aria-hidden="true">{Array.from(item.resident.name)[0] ?? '邻'}</span>
      <span className="inbox-main">
        <span className="inbox-line">
          <span className="inbox-name">{item.resident.name}<span className="inbox-door">{item.resident.doorNumber ? t('inbox.doorNumber', { door: item.resident.doorNumber }) : t('inbox.noDoor')}</span></span>
          <span className="inbox-time">{formatTime(item.lastMessageAt, timeZone, i18n.language === 'en' ? 'en' : 'zh-CN')}</span>
        </span>
        <span className="inbox-excerpt" style={{ display: 'block' }}>{excerpt}</span>
      </span>
      {item.unread > 0 && <span className="inbox-badge" aria-label={t('inbox.unread', { count: item.unread })} data-testid="inbox-unread">{item.unread}</span>}
    </button>
  );
}

function LinkWithBadge({ communityId }: { communityId: string }) {
  const { t } = useTranslation('messages');
  const navigate = useNavigate();
  const inbox = useInbox(communityId);
  const unread = inbox.data?.pages[0]?.unreadTotal ?? 0;
  return (
    <a href={`/leader/${communityId}/messages`} className="msg-unread-link" data-testid="messages-link"
      onClick={(e) => { e.preventDefault(); navigate(`/leader/${communityId}/messages`); }}>
      <span>✉ {t('inbox.link')}</span>
      {unread > 0 && <span className="inbox-badge" data-testid="messages-unread" aria-label={t('inbox.unreadBadge', { count: unread })}>{unread}</span>}
      <span aria-hidden="true">›</span>
    </a>
  );
}

/** The dashboard's 「邻居消息」 row with the unread total. */
export function MessagesLink({ communityId }: { communityId: string }) {
  return <Suspense fallback={null}><LinkWithBadge communityId={communityId} /></Suspense>;
}
