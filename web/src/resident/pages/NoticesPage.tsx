import { useEffect, useState } from 'react';
import { Popup, Skeleton, Switch, Toast } from 'antd-mobile';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from '../../shared/api';
import { RequireLogin } from '../../shared/auth';
import { EmptyState } from '../../shared/states';
import type { Me, Notice, NoticeList } from '../../shared/types';
import { useNotices } from '../lib/api';
import { homeCommunityId } from '../lib/community';
import { useTimeFormat } from '../lib/time';
import { ErrorView } from '../components/ErrorView';
import { MobilePage, useTitle } from '../components/Page';
import { BellIcon, BoxIcon, CalendarIcon, ChatIcon, GiftIcon, RefundIcon, SettingsIcon } from '../components/icons';
import { isAppLink, useNoticeSettings, type NoticeSetting } from '../lib/life';
import { noticeKeys } from '../../shared/query-keys';
import { Marked } from '../../shared/names';

/** The icon of a kind of notice. */
function noticeIcon(kind: string) {
  if (kind === 'short_refund' || kind.startsWith('claim_')) return <RefundIcon size={20} />;
  if (kind === 'arrival' || kind === 'group_buy_opened') return <BoxIcon size={20} />;
  if (kind.startsWith('event_')) return <CalendarIcon size={20} />;
  if (kind === 'question_for_leader' || kind === 'answer_to_question') return <ChatIcon size={20} />;
  if (kind === 'welcome_gift' || kind === 'birthday_gift') return <GiftIcon size={20} />;
  return <BellIcon size={20} />;
}

/** What tapping it opens, in words. */
function linkLabel(link: string) {
  if (link.startsWith('/orders/')) return 'notices.viewOrder';
  if (link.startsWith('/events/')) return 'notices.viewEvent';
  if (link.includes('/posts/')) return 'notices.viewPost';
  if (link.endsWith('/welcome')) return 'notices.viewGift';
  if (link.startsWith('/g/')) return 'notices.viewGroupBuy';
  if (link.startsWith('/claims/')) return 'notices.viewClaim';
  return 'notices.view';
}

/** /notices — 「消息通知」: arrival notices, short-delivery refunds; a tap opens what it is about. */
export default function NoticesPage() {
  return <RequireLogin>{(me) => <Notices me={me} />}</RequireLogin>;
}

function Notices({ me }: { me: Me }) {
  const { t, i18n } = useTranslation('resident');
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const list = useNotices();
  const fmt = useTimeFormat(me.communities[0]?.timeZone);
  const home = homeCommunityId(me);
  const [settingsOpen, setSettingsOpen] = useState(false);
  useTitle(t('notices.title'));
  // Titles and texts come from the server in her language: switching it fetches them again.
  const lang = i18n.language;
  useEffect(() => { void queryClient.invalidateQueries({ queryKey: noticeKeys.list() }); }, [lang, queryClient]);

  const markRead = useMutation({
    mutationFn: (ids: string[] | 'all') => api<{ marked: number }>('/api/notifications/read', { body: { ids } }),
    onMutate: (ids) => {
      // Read at once on screen; the server catches up.
      queryClient.setQueryData<NoticeList>(noticeKeys.list(), (old) => {
        if (!old) return old;
        const now = new Date().toISOString();
        const items = old.items.map((n) => (!n.readAt && (ids === 'all' || ids.includes(n.id)) ? { ...n, readAt: now } : n));
        return { unread: ids === 'all' ? 0 : Math.max(0, old.unread - old.items.filter((n) => !n.readAt && ids.includes(n.id)).length), items };
      });
    },
    onError: (err) => Toast.show({ icon: 'fail', content: err instanceof ApiError ? err.message : t('notices.markFailed') }),
    onSettled: () => { void queryClient.invalidateQueries({ queryKey: noticeKeys.list() }); },
  });

  const open = (n: Notice) => {
    if (!n.readAt) markRead.mutate([n.id]);
    if (isAppLink(n.link)) navigate(n.link);
  };

  const data = list.data;
  const unread = data?.unread ?? 0;
  return (
    <MobilePage
      title={t('notices.title')}
      back={home ? `/c/${home}` : '/'}
      right={(
        <span className="r-nav-actions">
          {unread > 0 && <button type="button" className="r-link r-nav-action" onClick={() => markRead.mutate('all')} data-testid="notices-read-all">{t('notices.readAll')}</button>}
          <button type="button" className="r-nav-icon" onClick={() => setSettingsOpen(true)} aria-label={t('notices.settings')} data-testid="notice-settings"><SettingsIcon size={22} /></button>
        </span>
      )}
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
                    {noticeIcon(n.kind)}
                  </span>
                  <span className="r-notice-text">
                    <span className="r-notice-head">
                      <span className="r-notice-title"><Marked text={n.title} /></span>
                      <span className="r-notice-time">{fmt.short(n.createdAt)}</span>
                    </span>
                    <span className="r-notice-body"><Marked text={n.body} /></span>
                    {isAppLink(n.link) && <span className="r-notice-go">{t(linkLabel(n.link))} ›</span>}
                  </span>
                  {!n.readAt && <span className="r-notice-dot" aria-label={t('notices.unread')} />}
                </button>
              </li>
            ))}
          </ul>
          {data.items.length > 3 && <div className="r-list-end">{t('list.noMore')}</div>}
        </>
      )}
      <NoticeSettingsSheet me={me} visible={settingsOpen} onClose={() => setSettingsOpen(false)} />
    </MobilePage>
  );
}

/**
 * 「消息设置」: a switch per kind of notice she may turn off (labels from the server, in her
 * language). Money and after-sales notices always get through, and the sheet says so.
 */
function NoticeSettingsSheet({ me, visible, onClose }: { me: Me; visible: boolean; onClose: () => void }) {
  const { t, i18n } = useTranslation('resident');
  const queryClient = useQueryClient();
  const settings = useNoticeSettings(visible);
  const leads = me.communities.some((c) => c.role === 'leader');
  const save = useMutation({
    mutationFn: (change: { kind: string; muted: boolean }) => api<{ kinds: NoticeSetting[] }>('/api/notifications/settings', { method: 'PUT', body: { kinds: [change] } }),
    onMutate: (change) => {
      queryClient.setQueryData<NoticeSetting[]>(noticeKeys.settings(i18n.language), (old) => old?.map((k) => (k.kind === change.kind ? { ...k, muted: change.muted } : k)));
    },
    onSuccess: (res) => {
      queryClient.setQueryData(noticeKeys.settings(i18n.language), res.kinds);
      Toast.show({ content: t('notices.settingsSaved'), position: 'bottom', duration: 1000 });
    },
    onError: (err) => {
      Toast.show({ icon: 'fail', content: err instanceof ApiError ? err.message : t('notices.settingsFailed') });
      void settings.refetch();
    },
  });
  // 「邻居向我提问」 is for leaders; a resident never gets it, so it is not offered to her.
  const kinds = (settings.data ?? []).filter((k) => leads || k.kind !== 'question_for_leader');
  return (
    <Popup visible={visible} onMaskClick={onClose} onClose={onClose} bodyClassName="r-sheet">
      <div className="r-page r-sheet-inner" data-testid="notice-settings-sheet">
        <div className="r-sheet-title">{t('notices.settingsTitle')}</div>
        <div className="r-sheet-hint">{t('notices.settingsHint')}</div>
        {settings.isError ? (
          <ErrorView error={settings.error} onRetry={() => settings.refetch()} />
        ) : !settings.data ? (
          <Skeleton.Paragraph lineCount={4} animated />
        ) : (
          <ul className="r-settings-list">
            {kinds.map((k) => (
              <li key={k.kind} className="r-setting">
                <span className="r-setting-icon">{noticeIcon(k.kind)}</span>
                <span className="r-setting-label">{k.label}</span>
                <Switch
                  checked={!k.muted}
                  onChange={(on) => save.mutate({ kind: k.kind, muted: !on })}
                  aria-label={k.label}
                  data-testid="notice-setting-switch"
                  data-kind={k.kind}
                  data-on={k.muted ? 'false' : 'true'}
                />
              </li>
            ))}
          </ul>
        )}
        <div className="r-sheet-note">{t('notices.settingsAlways')}</div>
        <button type="button" className="r-sheet-done" onClick={onClose} data-testid="notice-settings-done">{t('notices.settingsDone')}</button>
      </div>
    </Popup>
  );
}
