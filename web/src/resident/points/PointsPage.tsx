import { Button, Dialog, Skeleton, Toast } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { RequireLogin } from '../../shared/auth';
import { ErrorView } from '../components/ErrorView';
import { MobilePage, useTitle } from '../components/Page';
import { useMyPoints, usePointsServices, useRedeem, type MyPoints } from './api';
import './points.css';

/** /c/:communityId/points — 我的积分: what she can use, what is held, every entry with its receipt, how to earn and spend. */
export default function PointsPage() {
  return <RequireLogin>{() => <Points />}</RequireLogin>;
}

function Points() {
  const { communityId = '' } = useParams();
  const { t } = useTranslation('points');
  useTitle(t('title'));
  const mine = useMyPoints(communityId);
  const page = (children: React.ReactNode) => <MobilePage title={t('title')} back={`/c/${communityId}`} className="r-points">{children}</MobilePage>;
  if (mine.isError) return page(<ErrorView error={mine.error} onRetry={() => mine.refetch()} />);
  if (!mine.data) return page(<div className="r-pad" aria-busy="true"><Skeleton.Title animated /><Skeleton.Paragraph lineCount={6} animated /></div>);
  const d = mine.data;
  return page(
    <>
      <section className="pt-hero" aria-label={t('available')}>
        <div className="pt-label">{t('available')}</div>
        <div className="pt-big" data-testid="points-available">{d.available}</div>
        <div className="pt-worth">{t('worth')}</div>
        {d.held > 0 && <div className="pt-held">{t('held')} {d.held} · {t('heldHint')}</div>}
      </section>
      <History data={d} />
      <section className="pt-card">
        <h2>{t('howTitle')}</h2>
        <ul className="pt-how">{d.earning.map((e) => <li key={e.code}>{t(`how.${e.code}`, { amount: e.amount, perDay: e.perDay })}</li>)}</ul>
        <h2>{t('spendTitle')}</h2>
        <p className="pt-text">{t('spend', { percent: d.checkout.maxShareBasisPoints / 100 })}</p>
      </section>
      <Services communityId={communityId} available={d.available} />
    </>,
  );
}

function History({ data }: { data: MyPoints }) {
  const { t, i18n } = useTranslation('points');
  const fmt = new Intl.DateTimeFormat(i18n.language, { timeZone: 'Asia/Shanghai', month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false });
  return (
    <section className="pt-card">
      <h2>{t('history')}</h2>
      {data.history.length === 0 && <p className="pt-text">{t('empty')}</p>}
      <ul className="pt-list">
        {data.history.map((h) => (
          <li key={h.id} className="pt-row">
            <div className="pt-what">
              <div className="pt-code">{t(`codes.${h.code}`)}{h.kind !== 'posted' && <span className="pt-kind">（{t(`kinds.${h.kind}`)}）</span>}</div>
              <div className="pt-when">{fmt.format(new Date(h.createdAt))} · <Link to={`/verify?source=points_transfers&id=${h.id}`} className="pt-receipt">{t('receipt')}</Link></div>
            </div>
            <div className={h.delta > 0 ? 'pt-delta pt-plus' : h.delta < 0 ? 'pt-delta pt-minus' : 'pt-delta'}>{h.delta > 0 ? `+${h.delta}` : h.delta < 0 ? `${h.delta}` : h.amount}</div>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Services({ communityId, available }: { communityId: string; available: number }) {
  const { t } = useTranslation('points');
  const services = usePointsServices();
  const redeem = useRedeem(communityId);
  const items = services.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <section className="pt-card">
      <h2>{t('services')}</h2>
      <ul className="pt-list">
        {items.map((s) => (
          <li key={s.id} className="pt-row">
            <div className="pt-what"><div className="pt-code">{s.name}</div>{s.description && <div className="pt-when">{s.description}</div>}</div>
            <Button size="middle" color="primary" fill="outline" disabled={available < s.pricePoints || redeem.isPending} className="pt-redeem"
              onClick={async () => {
                if (!(await Dialog.confirm({ content: t('redeemConfirm', { points: s.pricePoints, name: s.name }) }))) return;
                redeem.mutate(s.id, {
                  onSuccess: (r) => Toast.show({ content: t('redeemed', { available: r.available }) }),
                  onError: (e) => Toast.show({ content: (e as Error).message }),
                });
              }}>{t('redeem')} · {t('pointsUnit', { points: s.pricePoints })}</Button>
          </li>
        ))}
      </ul>
    </section>
  );
}
