import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { Button, Toast } from 'antd-mobile';
import { api } from '../shared/api';
import { PageError, PageLoading } from '../shared/states';
import { LeaderPage, NotLeader, useLeaderOf } from './components';
import type { InviteKit } from './types';
import { copyText } from './lib';
import { communityKeys } from '../shared/query-keys';

export function InvitePage() {
  const { communityId = '' } = useParams();
  const { community, me } = useLeaderOf(communityId);
  const { t } = useTranslation('leader');
  const invite = useQuery({
    queryKey: communityKeys.invite(communityId),
    queryFn: () => api<InviteKit>(`/api/communities/${communityId}/invite`),
    enabled: !!community,
    staleTime: 5 * 60_000,
  });
  if (!community || !me) return <NotLeader />;

  const message = invite.data ? t('invite.message', {
    community: community.name, name: me.user.name, point: community.pickupPointName, hours: community.pickupHours, url: invite.data.url,
  }) : '';
  const copy = async (text: string, done: string) => {
    const ok = await copyText(text);
    Toast.show(ok ? { icon: 'success', content: done } : { content: t('gb.copyFailed') });
  };

  return (
    <LeaderPage title={t('invite.navTitle')} communityId={communityId} back={`/leader/${communityId}`}>
      {invite.isPending ? <PageLoading /> : invite.isError ? <PageError error={invite.error} onRetry={() => invite.refetch()} /> : (
        <>
          <section className="invite-card">
            <div className="invite-community">{community.name}</div>
            <div className="section-hint">{t('invite.scanHint')}</div>
            <img className="invite-qr" src={invite.data.qrDataUrl} alt={t('invite.qrAlt')} data-testid="invite-qr" />
            <div className="invite-leader">{t('invite.from', { title: community.title || t('dashboard.defaultTitle'), name: me.user.name })}</div>
            <a className="save-qr" href={invite.data.qrDataUrl} download={`${community.name}-invite.png`}>{t('invite.saveQr')}</a>
          </section>
          <section className="card-block">
            <h3 className="block-title">{t('invite.linkTitle')}</h3>
            <div className="invite-url" data-testid="invite-url">{invite.data.url}</div>
            <Button block size="large" color="primary" fill="outline" onClick={() => copy(invite.data.url, t('invite.linkCopied'))} data-testid="copy-invite-link">
              {t('invite.copyLink')}
            </Button>
          </section>
          <section className="card-block">
            <h3 className="block-title">{t('invite.messageTitle')}</h3>
            <pre className="share-text" data-testid="invite-message">{message}</pre>
            <Button block size="large" color="primary" onClick={() => copy(message, t('gb.copied'))} data-testid="copy-invite-message">
              {t('invite.copyMessage')}
            </Button>
          </section>
        </>
      )}
    </LeaderPage>
  );
}
