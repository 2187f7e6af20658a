import { Skeleton, Toast } from 'antd-mobile';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from '../../shared/api';
import { RequireLogin } from '../../shared/auth';
import { EmptyState } from '../../shared/states';
import type { Me, Notice, NoticeList } from '../../shared/types';
import { keys, useNotices } from '../lib/api';
import { homeCommunityId } from '../lib/community';
import { useTimeFormat } from '../lib/time';
import { ErrorView } from '../components/ErrorView';
import { MobilePage, useTitle } from '../components/Page';
import { BellIcon, BoxIcon, RefundIcon } from '../components/icons';

/** /notices — 「消息通知」: arrival notices, short-delivery refunds; a tap opens what it is about. */
export default function NoticesPage() {
  return <RequireLogin>{(me) => <Notices me={me} />}</RequireLogin>;
}

function Notices({ me }: { me: Me }) {
  const { t } = useTranslation('resident');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const list = useNotices();
  const fmt = useTimeFormat(me.communities[0]?.timeZone);
  const home = homeCommunityId(me);
  useTitle(t('notices.title'));

  const markRead = useMutation({
    mutationFn: (ids: string[] | 'all') => api<{ marked: number }>('/api/notifications/read', { body: { ids } }),
    onMutate: (ids) => {
      // Read at once on screen; the server catches up.
      queryClient.setQueryData<NoticeList>(keys.notices, (old) => {
        if (!old) return old;
        const now = new Date().toISOString();
        const items = old.items.map((n) => (!n.readAt && (ids === 'all' || ids.includes(n.id)) ? { ...n, readAt: now } : n));
        return { unread: ids === 'all' ? 0 : Math.max(0, old.unread - old.items.filter((n) => !n.readAt && ids.includes(n.id)).length), items };
      });
    },
    onError: (err) => Toast.show({ icon: 'fail', content: err instanceof ApiError ? err.message : t('notices.markFailed') }),
    onSettled: () => { void queryClient.invalidateQueries({ queryKey: keys.notices }); },
  });

  const open = (n: Notice) => {
    if (!n.readAt) markRead.mutate([n.id]);
    if (n.link) navigate(n.link);
  };

  const data = list.data;
  const unread = data?.unread ?? 0;
  return (
    <MobilePage
      title={t('notices.title')}
      back={home ? `/c/${home}` : '/'}
      right={unread > 0 ? <button type="button" className="r-link r-nav-action" onClick={() => markRead.mutate('all')} data-testid="notices-read-all">{t('notices.readAll')}</button> : undefined}
      className="r-notices"
    >
      {list.isError ? (
        <ErrorView error={list.error} onRetry={() => list.refetch()} />
      ) : !data ? (
        <div className="r-list" aria-busy="true">
          {[0, 1, 2].map((i) => <div key={i} className="r-card"><Skeleton.Title animated /><Skeleton.Paragraph lineCount={2} animated /></div>)}
        </div>
      ) : data.items.length === 0 ? (
        <div className="r-empty r-notices-empty">
          <div className="r-notices-empty-icon"><BellIcon size={40} /></div>
          <EmptyState title={t('notices.empty')} description={t('notices.emptyHint')} />
        </div>
      ) : (
        <>
          {unread > 0 && <div className="r-notices-summary">{t('notices.unreadSummary', { count: unread })}</div>}
          <ul className="r-notice-list">
            {data.items.map((n) => (
              <li key={n.id}>
                <button type="button" className={`r-notice${n.readAt ? '' : ' r-notice-unread'}`} onClick={() => open(n)} data-testid="notice-item" data-read={n.readAt ? 'true' : 'false'}>
                  <span className={`r-notice-icon r-notice-icon-${n.kind}`} aria-hidden="true">
                    {n.kind === 'short_refund' ? <RefundIcon size={20} /> : n.kind === 'arrival' ? <BoxIcon size={20} /> : <BellIcon size={20} />}
                  </span>
                  <span className="r-notice-text">
                    <span className="r-notice-head">
                      <span className="r-notice-title">{n.title}</span>
                      <span className="r-notice-time">{fmt.short(n.createdAt)}</span>
                    </span>
                    <span className="r-notice-body">{n.body}</span>
                    {n.link && <span className="r-notice-go">{t(n.link.startsWith('/orders/') ? 'notices.viewOrder' : 'notices.view')} ›</span>}
                  </span>
                  {!n.readAt && <span className="r-notice-dot" aria-label={t('notices.unread')} />}
                </button>
              </li>
            ))}
          </ul>
          {data.items.length > 3 && <div className="r-list-end">{t('list.noMore')}</div>}
        </>
      )}
    </MobilePage>
  );
}
