import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { PageError, PageLoading } from '../shared/states';
import { ChatThread, Composer } from '../shared/messages/Chat';
import { useConversation, useMarkRead, useSendMessage } from '../shared/messages/chat';
import { LeaderPage, NotLeader, useLeaderOf } from './components';
import '../shared/messages/messages.css';

/** /leader/:communityId/messages/:conversationId — one neighbour's messages with her orders beside them; he answers here. */
export function ConversationPage() {
  const { communityId = '', conversationId = '' } = useParams();
  const { community } = useLeaderOf(communityId);
  if (!community) return <NotLeader />;
  return <Conversation communityId={communityId} conversationId={conversationId} timeZone={community.timeZone} />;
}

function Conversation({ communityId, conversationId, timeZone }: { communityId: string; conversationId: string; timeZone: string }) {
  const { t } = useTranslation('messages');
  const source = { kind: 'id' as const, conversationId };
  const { query, latest, messages, orders } = useConversation(source);
  const send = useSendMessage(source, communityId);
  useMarkRead(latest, communityId);
  const resident = latest?.resident;

  let content;
  if (query.isPending) content = <PageLoading />;
  else if (query.isError) content = <PageError error={query.error} onRetry={() => query.refetch()} />;
  else {
    content = (
      <ChatThread
        messages={messages} orders={orders} timeZone={timeZone} empty={t('empty')}
        hasOlder={!!query.hasNextPage} loadingOlder={query.isFetchingNextPage} onOlder={() => void query.fetchNextPage()}
      />
    );
  }
  return (
    <LeaderPage title={resident?.name ?? t('inbox.title')} back={`/leader/${communityId}/messages`}>
      <div className="msg-page" style={{ minHeight: 'calc(100vh - 46px)' }}>
        {resident && (
          <div className="msg-head" data-testid="conversation-resident">
            <strong>{resident.name}</strong> · {resident.doorNumber ? t('inbox.doorNumber', { door: resident.doorNumber }) : t('inbox.noDoor')}
          </div>
        )}
        {content}
        <Composer placeholder={t('replyPlaceholder')} sending={send.isPending} disabled={query.isError} onSend={(body, photos) => send.mutateAsync({ body, photos })} />
      </div>
    </LeaderPage>
  );
}
