import { useState } from 'react';
import { Toast } from 'antd-mobile';
import { useParams, useSearchParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { RequireLogin } from '../../shared/auth';
import { PageError, PageLoading } from '../../shared/states';
import { useLimits } from '../../shared/limits';
import type { Me, OrderView } from '../../shared/types';
import { ChatThread, Composer, OrderContextCard } from '../../shared/messages/Chat';
import { useConversation, useMarkRead, useSendMessage, type MessageOrderContext } from '../../shared/messages/chat';
import { isUuid, useCommunity, useOrder } from '../lib/api';
import { communityOf } from '../lib/community';
import { MobilePage, useTitle } from '../components/Page';
import { NotFound } from './NotFound';

/** /c/:communityId/messages[?order=…] — her private conversation with her community's leaders (「联系团长」). */
export default function MessagesPage() {
  const { communityId } = useParams();
  if (!isUuid(communityId)) return <NotFound kind="community" />;
  return <RequireLogin>{(me) => <Messages me={me} communityId={communityId} />}</RequireLogin>;
}

/** Her order as the card beside a message shows it. */
const contextOf = (o: OrderView): MessageOrderContext => ({
  id: o.id, status: o.status, progress: o.progress, totalFen: o.totalFen, createdAt: o.createdAt,
  lines: o.lines.map((l) => ({ groupBuyId: l.groupBuyId, groupBuyTitle: l.groupBuy.title, productName: l.product.name, spec: l.product.spec, quantity: l.quantity, groupNumber: l.groupNumber, status: l.status })),
});

function Messages({ me, communityId }: { me: Me; communityId: string }) {
  const { t } = useTranslation('messages');
  const limits = useLimits().messages;
  const [params, setParams] = useSearchParams();
  const community = useCommunity(communityId);
  const place = community.data ?? communityOf(me, communityId);
  const membership = me.communities.find((c) => c.id === communityId);
  const member = !!membership && membership.role !== 'leader';
  const wanted = params.get('order');
  const order = useOrder(isUuid(wanted ?? undefined) ? wanted! : undefined);
  const attached = order.data && order.data.communityId === communityId ? order.data : null;
  const [sentOrder, setSentOrder] = useState(false);
  const { query, latest, messages, orders } = useConversation({ kind: 'mine', communityId });
  const send = useSendMessage({ kind: 'mine', communityId });
  useMarkRead(latest);
  useTitle(t('title'));

  const onSend = async (body: string, photos: File[]) => {
    await send.mutateAsync({ body, photos, orderId: attached && !sentOrder ? attached.id : null });
    if (attached) { setSentOrder(true); setParams({}, { replace: true }); }
    Toast.show({ content: t('sent'), duration: 1000 });
  };

  let content;
  if (query.isPending) content = <PageLoading />;
  else if (query.isError) content = <PageError error={query.error} onRetry={() => query.refetch()} />;
  else {
    content = (
      <ChatThread
        messages={messages} orders={orders} timeZone={place?.timeZone ?? 'Asia/Shanghai'} empty={t('empty')}
        hasOlder={!!query.hasNextPage} loadingOlder={query.isFetchingNextPage} onOlder={() => void query.fetchNextPage()}
      />
    );
  }
  const leaders = latest?.leaders.map((l) => (l.title ? `${l.name}（${l.title}）` : l.name)).join('、');

  return (
    <MobilePage title={t('title')} back={`/c/${communityId}`} className="msg-page">
      <div className="msg-head">
        {leaders && <div><strong>{t('leadersLine', { names: leaders })}</strong></div>}
        <div>{t('intro')} {t('limitsHint', { perMinute: limits.perMinute, perDay: limits.perDay })}</div>
      </div>
      {content}
      {!member && <div className="msg-error" role="alert">{t('notMember')}</div>}
      <Composer
        placeholder={t('placeholder')} sending={send.isPending} disabled={!member || query.isError} onSend={onSend}
        attachment={attached && !sentOrder ? <OrderContextCard order={contextOf(attached)} onRemove={() => setParams({}, { replace: true })} testId="message-attached-order" /> : undefined}
      />
    </MobilePage>
  );
}
