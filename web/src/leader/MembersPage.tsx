import { useEffect, useState } from 'react';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { Button, Dialog, SearchBar, Skeleton, Tag, TextArea, Toast } from 'antd-mobile';
import { api, ApiError } from '../shared/api';
import type { components } from '../shared/api-types';
import { useLimits } from '../shared/limits';
import { memberKeys } from '../shared/query-keys';
import { EmptyState, PageError } from '../shared/states';
import { LeaderPage, NotLeader, useLeaderOf } from './components';
import { DEFAULT_TZ } from './lib';

type Directory = components['schemas']['MemberDirectory'];
type Member = components['schemas']['DirectoryMember'];
const PAGE_SIZE = 20;

/** /leader/:communityId/members — 成员: name, 门牌, orders, his private note; search and load more. */
export function MembersPage() {
  const { communityId = '' } = useParams();
  const { community } = useLeaderOf(communityId);
  if (!community) return <NotLeader />;
  return <Members communityId={communityId} timeZone={community.timeZone || DEFAULT_TZ} />;
}

/** The typed search, settled for 300 ms before it is asked. */
function useSettled(value: string, ms = 300) {
  const [settled, setSettled] = useState(value);
  useEffect(() => { const id = setTimeout(() => setSettled(value), ms); return () => clearTimeout(id); }, [value, ms]);
  return settled;
}

function Members({ communityId, timeZone }: { communityId: string; timeZone: string }) {
  const { t, i18n } = useTranslation('members');
  const [typed, setTyped] = useState('');
  const q = useSettled(typed.trim());
  const [editing, setEditing] = useState<Member | null>(null);
  const list = useInfiniteQuery({
    queryKey: memberKeys.directory(communityId, q),
    initialPageParam: 1,
    queryFn: ({ pageParam }) => api<Directory>(`/api/communities/${communityId}/members/directory?page=${pageParam}&pageSize=${PAGE_SIZE}${q ? `&q=${encodeURIComponent(q)}` : ''}`),
    getNextPageParam: (last, pages) => (last.hasMore ? pages.length + 1 : undefined),
  });
  const date = (iso: string) => new Intl.DateTimeFormat(i18n.language === 'en' ? 'en' : 'zh-CN', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric' }).format(new Date(iso));
  const members = list.data?.pages.flatMap((p) => p.items) ?? [];
  const total = list.data?.pages[0]?.total ?? 0;

  let body;
  if (list.isPending) body = <div className="members-list">{[0, 1, 2].map((i) => <div key={i} className="member-card"><Skeleton.Title animated /><Skeleton.Paragraph lineCount={2} animated /></div>)}</div>;
  else if (list.isError) body = <PageError error={list.error} onRetry={() => list.refetch()} />;
  else if (members.length === 0) body = q ? <EmptyState title={t('leader.noMatch', { q })} description={t('leader.noMatchHint')} /> : <EmptyState title={t('leader.empty')} description={t('leader.emptyHint')} />;
  else {
    body = (
      <>
        <div className="members-total" data-testid="members-total">{t('leader.total', { n: total })}</div>
        <div className="members-list">
          {members.map((m) => (
            <article key={m.userId} className="member-card" data-testid="member-row" data-user-id={m.userId}>
              <div className="member-head">
                <span className="member-name" data-testid="member-name">{m.displayName}</span>
                {m.role === 'leader' && <Tag color="primary" fill="outline">{t('leader.leaderTag')}</Tag>}
                <span className={`member-door${m.doorNumber ? '' : ' none'}`} data-testid="member-door">{m.doorNumber || t('leader.noDoor')}</span>
              </div>
              <div className="member-facts">
                <span>{t('leader.joined', { date: date(m.joinedAt) })}</span>
                <span>{m.orderCount ? t('leader.orders', { n: m.orderCount }) : t('leader.noOrders')}</span>
                {m.lastOrderAt && <span>{t('leader.lastOrder', { date: date(m.lastOrderAt) })}</span>}
                <span className="member-phone">{m.phoneMasked}</span>
              </div>
              {m.note && <div className="member-note" data-testid="member-note"><b>{t('leader.note')}</b>{m.note}</div>}
              <Button className="member-note-button" size="small" fill="outline" onClick={() => setEditing(m)} data-testid="member-edit-note">{m.note ? t('leader.editNote') : t('leader.addNote')}</Button>
            </article>
          ))}
        </div>
        <div className="members-more">
          {list.hasNextPage
            ? <Button block fill="outline" loading={list.isFetchingNextPage} onClick={() => { void list.fetchNextPage(); }} data-testid="members-more">{t('leader.more')}</Button>
            : <span className="members-end">{t('leader.end')}</span>}
        </div>
      </>
    );
  }

  return (
    <LeaderPage title={t('leader.title')} communityId={communityId} back={`/leader/${communityId}`}>
      <div className="members-search"><SearchBar placeholder={t('leader.search')} value={typed} onChange={setTyped} data-testid="members-search" /></div>
      {body}
      {editing && <NoteDialog communityId={communityId} member={editing} onClose={() => setEditing(null)} />}
    </LeaderPage>
  );
}

/** His private note about one member: save, or clear after a confirmation. */
function NoteDialog({ communityId, member, onClose }: { communityId: string; member: Member; onClose: () => void }) {
  const { t } = useTranslation('members');
  const max = useLimits().members.noteMax;
  const queryClient = useQueryClient();
  const [note, setNote] = useState(member.note);
  const save = useMutation({
    mutationFn: (text: string) => api<components['schemas']['MemberNote']>(`/api/communities/${communityId}/members/${member.userId}/note`, { method: 'PUT', body: { note: text } }),
    onSuccess: async (res) => {
      Toast.show({ icon: 'success', content: res.note ? t('leader.saved') : t('leader.cleared') });
      await queryClient.invalidateQueries({ queryKey: memberKeys.all });
      onClose();
    },
    onError: (err) => Toast.show({ icon: 'fail', content: err instanceof ApiError ? err.message : String(err) }),
  });
  const clear = async () => {
    if (await Dialog.confirm({ content: t('leader.clearConfirm', { name: member.displayName }), confirmText: t('leader.clear'), cancelText: t('leader.cancel') })) save.mutate('');
  };
  return (
    <Dialog
      visible
      title={t('leader.noteTitle', { name: member.displayName })}
      onClose={onClose}
      content={(
        <div className="member-note-dialog">
          <p className="member-note-private">{t('leader.notePrivate')}</p>
          <TextArea value={note} onChange={setNote} placeholder={t('leader.notePlaceholder')} maxLength={max} showCount rows={3} autoSize={{ minRows: 3, maxRows: 6 }} data-testid="member-note-input" />
        </div>
      )}
      actions={[
        [
          { key: 'cancel', text: t('leader.cancel'), onClick: onClose },
          { key: 'save', text: t('leader.save'), bold: true, disabled: save.isPending || note.trim() === member.note, onClick: () => save.mutate(note) },
        ],
        ...(member.note ? [{ key: 'clear', text: t('leader.clear'), danger: true, onClick: clear }] : []),
      ]}
    />
  );
}
