import { useEffect, useState } from 'react';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ImageViewer } from 'antd-mobile';
import { formatTime, yuan } from '../shared/api';
import { PageError, PageLoading } from '../shared/states';
import { ActionError, LeaderPage, NotLeader, ProductImage, useLeaderOf } from './components';
import { useNow } from './lib';
import { ClaimFlags, deadlineState, type ClaimDetail } from './claims';
import { DecisionCard } from './claim/DecisionCard';
import { DeadlineBanner, OutcomeBanner, RuleCard, Timeline } from './claim/ClaimParts';
import { useLeaderClaim } from './claim/useLeaderClaim';
import { Name, named } from '../shared/names';
import { Unit, unitLabel } from '../shared/units';

/** /leader/:communityId/claims/:claimId — everything 王叔 needs to answer one claim, and the answer. */
export function ClaimPage() {
  const { communityId = '', claimId = '' } = useParams();
  const { community } = useLeaderOf(communityId);
  if (!community) return <NotLeader />;
  return <ClaimView communityId={communityId} claimId={claimId} timeZone={community.timeZone} />;
}

function ClaimView({ communityId, claimId, timeZone }: { communityId: string; claimId: string; timeZone: string }) {
  const { t } = useTranslation('leader');
  const detail = useLeaderClaim(claimId);
  const inbox = `/leader/${communityId}/claims`;

  let body;
  if (detail.isPending) body = <PageLoading />;
  else if (detail.isError) body = <PageError error={detail.error} onRetry={() => detail.refetch()} />;
  else body = <ClaimBody data={detail.data} name={detail.data.claim.residentName || t('claim.residentFallback')} communityId={communityId} timeZone={timeZone} />;

  return (
    <LeaderPage title={t('claim.navTitle')} communityId={communityId} back={inbox}>
      {body}
    </LeaderPage>
  );
}

function ClaimBody({ data, name, communityId, timeZone }: { data: ClaimDetail; name: string; communityId: string; timeZone: string }) {
  const { t, i18n } = useTranslation('leader');
  const locale = i18n.language === 'en' ? 'en' : 'zh-CN';
  const { claim, line: order, photos } = data;
  const waiting = claim.status === 'leader_review';
  const when = (iso: string) => formatTime(iso, timeZone, locale);
  const productName = claim.productName || order.productName;
  const now = useNow(15_000);
  // The server's word when his answer came too late (escalated, answered elsewhere, past the deadline).
  const [stale, setStale] = useState<{ code: string; message: string } | null>(null);
  useEffect(() => { setStale(null); }, [claim.id]);
  // Past the deadline the claim is the platform's, even before the escalation job has moved it.
  const pastDeadline = waiting && (deadlineState(claim, now)?.kind === 'overdue' || stale?.code === 'claim.deadline_passed');

  return (
    <div className="claim-page" data-testid="claim-page" data-status={claim.status}>
      {waiting ? <DeadlineBanner claim={claim} timeZone={timeZone} passed={pastDeadline} /> : <OutcomeBanner data={data} timeZone={timeZone} />}
      {stale && <div className="claim-stale"><ActionError message={stale.message} /></div>}

      <section className="card-block claim-summary">
        <div className="claim-summary-head">
          <div className="claim-summary-who">
            <div className="claim-summary-name" data-testid="claim-resident" translate="no">{name}</div>
            <div className="claim-summary-what">
              <span className="claim-kind">{claim.kindLabel}</span>
              <Name>{productName}</Name>
            </div>
          </div>
          <div className="claim-summary-amount">
            <div className="claim-amount-big">{yuan(claim.amountFen)}</div>
            <div className="claim-amount-label">{t('claim.amount')} · {claim.quantity} <Unit unit={order.unit} count={claim.quantity} /></div>
          </div>
        </div>
        <div className="claim-says">
          <span className="claim-says-label">{t('claim.says')}</span>
          <p className="claim-says-text" translate="no">{claim.description}</p>
          <span className="claim-says-time">{t('claim.filedAt', { time: when(claim.createdAt) })}</span>
        </div>
        {photos.length > 0 ? (
          <div className="claim-photos-wrap">
            <div className="claim-photos-title">{t('claim.photos', { count: photos.length })}</div>
            <div className="claim-photos">
              {photos.map((p, i) => (
                <button type="button" key={p.url} className="claim-photo" data-testid="claim-photo"
                  onClick={() => ImageViewer.Multi.show({ images: photos.map((x) => x.url), defaultIndex: i })} aria-label={t('claim.photoN', { n: i + 1 })}>
                  <img src={p.thumbUrl} alt="" loading="lazy" />
                </button>
              ))}
            </div>
          </div>
        ) : <div className="claim-no-photos">{t('claim.noPhotos')}</div>}
        {claim.flags.length > 0 && (
          <div className="claim-flags-block">
            <div className="claim-flags-title">{t('claim.flagsTitle')}</div>
            <ClaimFlags flags={claim.flags} />
          </div>
        )}
      </section>

      {waiting && !pastDeadline && <DecisionCard data={data} name={name} communityId={communityId} onStale={setStale} />}

      <section className="card-block">
        <h3 className="block-title">{t('claim.orderTitle')}</h3>
        <div className="claim-order">
          <ProductImage src={order.imageUrls[0]} size={64} />
          <div className="claim-order-info">
            <div className="claim-order-name"><Name>{order.productName}</Name>{order.groupNumber != null && <span className="claim-order-spec"> #{order.groupNumber}</span>}</div>
            <div className="claim-order-spec" translate="no">{order.spec}</div>
            <div className="claim-order-line">
              <span>{t('claim.orderLine', { qty: order.quantity, unit: unitLabel(order.unit, order.quantity), price: yuan(order.unitPriceFen) })}</span>
              <strong>{t('claim.orderPaid', { amount: yuan(order.totalFen) })}</strong>
            </div>
            {order.pickedUpAt && <div className="claim-order-spec">{t('claim.pickedUpAt', { time: when(order.pickedUpAt) })}</div>}
          </div>
        </div>
      </section>

      <RuleCard claim={claim} />
      <Timeline data={data} name={name} timeZone={timeZone} />
    </div>
  );
}
