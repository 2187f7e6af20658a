import { Button, Skeleton } from 'antd-mobile';
import { useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { RequireLogin } from '../../shared/auth';
import type { Me } from '../../shared/types';
import { isUuid, useCommunity } from '../lib/api';
import { codeDeadline, usePickupCode } from '../lib/pickup';
import { ErrorView } from '../components/ErrorView';
import { MobilePage, useTitle } from '../components/Page';
import { CodeRing } from '../components/pickup/CodeRing';
import { PassSection } from '../components/pickup/PassSection';
import { formatCode } from '../components/pickup/format';
import { GroupNumber } from '../components/orders/LineRow';
import { ClockIcon, PinIcon } from '../components/icons';
import { NotFound } from './NotFound';
import { Bracketed, Name, named } from '../../shared/names';

/**
 * /c/:communityId/pickup — 取货: ONE rotating code and QR for everything ready for her at this pickup
 * point, the list of what that is (with 跟团号), and 代取 passes.
 */
export default function PickupPage() {
  const { communityId } = useParams();
  if (!isUuid(communityId)) return <NotFound kind="community" />;
  return <RequireLogin>{(me) => <Pickup me={me} communityId={communityId} />}</RequireLogin>;
}

function Pickup({ me, communityId }: { me: Me; communityId: string }) {
  const { t } = useTranslation('resident');
  const navigate = useNavigate();
  const code = usePickupCode(communityId);
  const community = useCommunity(communityId);
  const mine = me.communities.find((c) => c.id === communityId);
  const place = community.data ?? mine;
  useTitle(t('pickup.title'));

  const d = code.data;
  const ready = d?.ready ?? [];
  return (
    <MobilePage title={t('pickup.title')} back="/orders" className="r-pickup">
      {d && d.places.length > 0 ? (
        // Where what is ready for her is handed over: her point(s), or her door.
        <div className="r-pickup-place" data-testid="pickup-places">
          {d.places.map((p) => (
            <div key={`${p.kind}|${p.name}|${p.hours}`}>
              <div className="r-info-line"><PinIcon size={18} /><span><b>{p.kind === 'delivery' ? named(t, 'pickup.atDoor', { place: p.name }) : <Name>{p.name}</Name>}</b>{p.address && <span className="r-muted"><Bracketed><Name>{p.address}</Name></Bracketed></span>}</span></div>
              <div className="r-info-line"><ClockIcon size={18} /><span>{p.kind === 'delivery' ? t('pickup.doorSlot', { slot: p.hours }) : t('home.hoursDaily', { hours: p.hours })}</span></div>
            </div>
          ))}
        </div>
      ) : place && (
        <div className="r-pickup-place">
          <div className="r-info-line"><PinIcon size={18} /><span><b translate="no">{place.pickupPointName}</b><span className="r-muted"><Bracketed><Name>{place.pickupPointAddress}</Name></Bracketed></span></span></div>
          <div className="r-info-line"><ClockIcon size={18} /><span>{t('home.hoursDaily', { hours: place.pickupHours })}</span></div>
        </div>
      )}

      {code.isError && !d ? (
        <ErrorView error={code.error} onRetry={() => code.refetch()} />
      ) : !d ? (
        <section className="r-card r-pickup-card" aria-busy="true"><Skeleton.Title animated /><Skeleton animated className="r-pickup-skel-qr" /></section>
      ) : ready.length === 0 ? (
        <section className="r-card r-pickup-card r-pickup-none" data-testid="pickup-none">
          <div className="r-pickup-none-title">{t('pickup.noneReady')}</div>
          <p className="r-muted">{t('pickup.noneReadyHint')}</p>
          <Button color="primary" fill="outline" shape="rounded" size="large" onClick={() => navigate('/orders')}>{t('pickup.seeOrders')}</Button>
        </section>
      ) : (
        <section className="r-card r-pickup-card" data-testid="pickup-card">
          <div className="r-pickup-lead">{t('pickup.lead')}</div>
          <div className="r-pickup-code" data-testid="pickup-code" aria-label={d.code}>{formatCode(d.code)}</div>
          <img className="r-pickup-qr" src={d.qrDataUrl} alt={t('pickup.qrAlt')} width={220} height={220} />
          <div className="r-pickup-refresh">
            <CodeRing deadline={codeDeadline(d, code.dataUpdatedAt)} stepSeconds={d.stepSeconds} refreshing={code.isFetching} />
            <span>{t('pickup.autoRefresh')}</span>
          </div>
          {code.isError && <div className="r-small r-warning">{t('pickup.refreshFailed')}</div>}
          <div className="r-pickup-warn" role="note" data-testid="pickup-warning">{t('pickup.noScreenshot')}</div>
        </section>
      )}

      {ready.length > 0 && (
        <section className="r-card" data-testid="pickup-ready">
          <h2 className="r-card-title">{t('pickup.readyTitle', { n: ready.length })}</h2>
          <ul className="r-pickup-lines">
            {ready.map((l) => (
              <li key={l.lineId} className="r-pickup-line" data-testid="pickup-line">
                <GroupNumber n={l.groupNumber} />
                <span className="r-pickup-line-text">
                  <span className="r-strong">{l.productName}</span>
                  <span className="r-small r-muted">{[l.spec, l.title].filter(Boolean).join(' · ')}</span>
                </span>
                <span className="r-pickup-line-qty">× {l.quantity}</span>
              </li>
            ))}
          </ul>
        </section>
      )}

      <PassSection communityId={communityId} timeZone={place?.timeZone} placeName={place?.pickupPointName ?? ''} />
    </MobilePage>
  );
}
