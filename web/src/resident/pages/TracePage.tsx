import type { ReactNode } from 'react';
import { Button, ErrorBlock, Skeleton } from 'antd-mobile';
import { useNavigate, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../shared/api';
import type { Traceability } from '../../shared/types';
import { useTrace } from '../lib/api';
import { useLocaleTag } from '../lib/time';
import { ProductImage } from '../components/ProductImage';
import { LeaderAvatar } from '../components/LeaderBadge';
import { PhotoStrip, Stars } from '../components/Endorsement';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { MobilePage, useTitle } from '../components/Page';
import { PageError } from '../../shared/states';
import { useProvenStandards } from '../../shared/standards';
import { StandardBadges, SupplierWords } from '../components/StandardBadges';
import { useCampaignBadges } from '../../shared/campaigns';
import { CampaignBadges } from '../campaign/CampaignBadges';
import '../campaign/campaign.css';
import { BoxIcon, FileIcon, FlaskIcon, ShieldIcon, SproutIcon, ThermoIcon, TruckIcon } from '../components/icons';

const TZ = 'Asia/Shanghai';
const CODE_RE = /^[A-Za-z0-9-]{1,40}$/;

/**
 * /t/:code — the public traceability page a batch's QR code opens (on the box, the pick list, the
 * group buy). No login: anyone holding the box may check where it came from.
 */
export default function TracePage() {
  const { code = '' } = useParams();
  if (!CODE_RE.test(code)) return <TraceShell><TraceNotFound code={code} /></TraceShell>;
  return <Trace code={code} />;
}

/** The arrow only goes back inside the app; a visitor who scanned the QR code has nowhere "back" to go. */
function TraceShell({ children, title }: { children: ReactNode; title?: string }) {
  const { t } = useTranslation('resident');
  const hasHistory = ((window.history.state as { idx?: number } | null)?.idx ?? 0) > 0;
  return (
    <MobilePage title={title ?? t('trace.title')} back={hasHistory ? '/' : null} right={<LanguageSwitch className="r-lang-nav" />} className="r-trace">
      {children}
    </MobilePage>
  );
}

function useTraceTime() {
  const locale = useLocaleTag();
  const dateTime = new Intl.DateTimeFormat(locale, { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hour12: false });
  const date = new Intl.DateTimeFormat(locale, { timeZone: TZ, year: 'numeric', month: '2-digit', day: '2-digit' });
  return { dateTime: (iso: string) => dateTime.format(new Date(iso)), date: (iso: string) => date.format(new Date(iso)) };
}

function Trace({ code }: { code: string }) {
  const { t } = useTranslation('resident');
  const trace = useTrace(code);
  useTitle(trace.data ? t('trace.pageTitle', { name: trace.data.productName }) : t('trace.title'));

  if (trace.isError) {
    const notFound = trace.error instanceof ApiError && (trace.error.status === 404 || trace.error.status === 400);
    return <TraceShell>{notFound ? <TraceNotFound code={code} /> : <PageError error={trace.error} onRetry={() => trace.refetch()} />}</TraceShell>;
  }
  if (!trace.data) {
    return (
      <TraceShell>
        <div className="r-pad" aria-busy="true">
          <Skeleton.Title animated />
          <Skeleton.Paragraph lineCount={6} animated />
        </div>
      </TraceShell>
    );
  }
  return <TraceShell><TraceBody tr={trace.data} /></TraceShell>;
}

/** The standards this batch proves (only when it is the product's current, reviewed batch). */
function TraceStandards({ productId, code }: { productId: string; code: string }) {
  const proven = useProvenStandards([productId]);
  const campaigns = useCampaignBadges([productId]);
  const mine = proven.data?.get(productId)?.filter((s) => s.batchCode === code);
  if (!mine?.length) return null;
  // Campaign badges only beside the batch that proves the standards (a campaign needs that proof).
  return <section className="r-card r-trace-std"><CampaignBadges badges={campaigns.data?.get(productId)} /><StandardBadges standards={mine} /></section>;
}

function TraceBody({ tr }: { tr: Traceability }) {
  const { t } = useTranslation('resident');
  const fmt = useTraceTime();
  const passed = tr.inspections.length > 0 && tr.inspections[tr.inspections.length - 1].result === 'pass';
  const transport = tr.logistics.filter((e) => e.kind !== 'arrived_pickup');
  const arrivals = tr.logistics.filter((e) => e.kind === 'arrived_pickup');
  const temps = transport.filter((e) => e.kind === 'temperature' && e.temperatureC !== null).map((e) => e.temperatureC!);
  const fresh = tr.category === 'fresh_produce';

  return (
    <>
      <section className="r-trace-hero">
        <div className="r-trace-hero-main">
          <ProductImage src={tr.imageUrls[0]} alt={tr.productName} className="r-trace-img" eager />
          <div className="r-trace-hero-text">
            <h1 className="r-trace-name" data-testid="trace-product">{tr.productName}</h1>
            {tr.spec && <div className="r-trace-spec">{tr.spec}</div>}
            <div className="r-trace-code">{t('trace.batch')} <span className="r-mono" data-testid="trace-code">{tr.code}</span></div>
          </div>
        </div>
        <div className={`r-trace-seal${passed ? '' : ' r-trace-seal-warn'}`}>
          <ShieldIcon size={18} />
          <span>{passed ? t('trace.sealPassed') : t('trace.sealPending')}</span>
        </div>
      </section>

      <TraceStandards productId={tr.productId} code={tr.code} />

      {(tr.standards.length > 0 || tr.shelfLifeDays || tr.storage) && (
        <section className="r-card r-trace-facts">
          <SupplierWords words={tr.standards} />
          {tr.shelfLifeDays ? <TraceFact label={t('trace.shelfLife')} value={t('trace.days', { count: tr.shelfLifeDays })} /> : null}
          {tr.storage && <TraceFact label={t('trace.storage')} value={tr.storage} />}
          {tr.origin && <TraceFact label={t('trace.origin')} value={tr.origin} />}
        </section>
      )}

      <section className="r-card r-trace-card">
        <h2 className="r-card-title">{t('trace.journey')}</h2>
        <ol className="r-timeline" data-testid="trace-timeline">
          <Step icon={<SproutIcon size={18} />} title={t('trace.step.source')} done>
            <div className="r-tl-strong">{tr.supplierName ?? t('trace.unknownSupplier')}</div>
            {tr.supplierRegion && <div className="r-tl-line">{t('trace.region')}{t('trace.colon')}{tr.supplierRegion}</div>}
            <div className="r-tl-line">{fresh ? t('trace.sourcePlaceFresh') : t('trace.sourcePlace')}{t('trace.colon')}{tr.sourcePlace}</div>
            <div className="r-tl-line">{fresh ? t('trace.harvestedAt') : t('trace.producedAt')}{t('trace.colon')}<span className="r-mono">{fmt.dateTime(tr.producedAt)}</span></div>
          </Step>

          <Step icon={<FlaskIcon size={18} />} title={t('trace.step.inspection')} done={tr.inspections.length > 0}>
            {tr.inspections.length === 0 && <div className="r-tl-line r-muted">{t('trace.noInspection')}</div>}
            {tr.inspections.map((i, idx) => (
              <div key={`${i.reportUrl}-${idx}`} className="r-inspection" data-testid="trace-inspection">
                <div className="r-inspection-head">
                  <span className="r-tl-strong">{i.lab}</span>
                  <span className={`r-result ${i.result === 'pass' ? 'r-result-pass' : 'r-result-fail'}`}>{t(`trace.result.${i.result}`)}</span>
                </div>
                <div className="r-tl-line r-muted">{t('trace.inspectedAt')}{t('trace.colon')}<span className="r-mono">{fmt.date(i.inspectedAt)}</span></div>
                {i.summary && <div className="r-tl-line">{i.summary}</div>}
                <a className="r-report-link" href={i.reportUrl} target="_blank" rel="noopener noreferrer" data-testid="trace-report">
                  <FileIcon size={16} />{t('trace.viewReport')}
                </a>
              </div>
            ))}
            {tr.reviewedAt && <div className="r-tl-line r-tl-ok">{t('trace.reviewed', { time: fmt.dateTime(tr.reviewedAt) })}</div>}
          </Step>

          <Step icon={<TruckIcon size={18} />} title={t('trace.step.transport')} done={transport.length > 0}
            extra={temps.length > 0 ? <span className="r-tl-extra"><ThermoIcon size={13} />{t('trace.coldChain', { range: tempRange(temps) })}</span> : undefined}>
            {transport.length === 0 ? <div className="r-tl-line r-muted">{t('trace.noTransport')}</div> : (
              <ul className="r-subevents">
                {transport.map((e, idx) => (
                  <li key={`${e.occurredAt}-${idx}`} className={`r-subevent r-subevent-${e.kind}`}>
                    <div className="r-subevent-time r-mono">{fmt.dateTime(e.occurredAt)}</div>
                    <div className="r-subevent-what">
                      <span className="r-tl-strong">{t(`trace.kind.${e.kind}`)}</span>
                      {e.kind === 'temperature' && e.temperatureC !== null && (
                        <span className="r-temp"><ThermoIcon size={14} />{formatTemp(e.temperatureC)}</span>
                      )}
                    </div>
                    {e.place && <div className="r-tl-line r-muted">{e.place}</div>}
                    {e.note && e.kind !== 'arrived_warehouse' && <div className="r-tl-line r-muted">{e.note}</div>}
                  </li>
                ))}
              </ul>
            )}
          </Step>

          <Step icon={<BoxIcon size={18} />} title={t('trace.step.pickup')} done={arrivals.length > 0} last>
            {arrivals.length === 0 ? (
              <div className="r-tl-line r-muted">{t('trace.notArrived')}</div>
            ) : (
              <>
                <ul className="r-subevents">
                  {arrivals.map((e, idx) => (
                    <li key={`${e.occurredAt}-${idx}`} className="r-subevent r-subevent-arrived_pickup">
                      <div className="r-subevent-time r-mono">{fmt.dateTime(e.occurredAt)}</div>
                      <div className="r-tl-strong">{t('trace.arrivedAt', { community: e.communityName ?? t('trace.aCommunity') })}</div>
                      {e.place && <div className="r-tl-line r-muted">{e.place}</div>}
                    </li>
                  ))}
                </ul>
                <div className="r-tl-line">{t('trace.pickupHint')}</div>
              </>
            )}
          </Step>
        </ol>
      </section>

      <section className="r-card r-vouch" data-testid="trace-endorsements">
        <h2 className="r-card-title">{t('trace.whoVouched')}</h2>
        {tr.endorsements.length === 0 ? (
          <div className="r-muted r-small">{t('trace.noVouch')}</div>
        ) : tr.endorsements.map((e, idx) => (
          <article key={`${e.leaderName}-${e.createdAt}-${idx}`} className="r-vouch-item">
            <div className="r-leader-note-head">
              <LeaderAvatar name={e.leaderName} size={40} />
              <div className="r-vouch-who">
                <div><b>{e.leaderName}</b>{e.leaderTitle && <span className="r-muted r-small"> · {e.leaderTitle}</span>}</div>
                <div className="r-small r-muted">{e.communityName} · {t('trace.triedOn', { date: fmt.date(e.createdAt) })}</div>
              </div>
              <Stars rating={e.rating} size="sm" />
            </div>
            <blockquote className="r-quote r-quote-sm">{e.story}</blockquote>
            <PhotoStrip urls={e.photoUrls} alt={e.leaderName} />
          </article>
        ))}
      </section>

      <p className="r-trace-footer">{t('trace.footer')}</p>
    </>
  );
}

/** 3.2℃, −1℃ */
const formatTemp = (c: number) => `${Number.isInteger(c) ? c : c.toFixed(1)}℃`;
/** "3.2℃" or "2–4.5℃" */
function tempRange(temps: number[]) {
  const lo = Math.min(...temps);
  const hi = Math.max(...temps);
  return lo === hi ? formatTemp(lo) : `${formatTemp(lo).replace('℃', '')}–${formatTemp(hi)}`;
}

function Step({ icon, title, done, last, extra, children }: { icon: ReactNode; title: string; done: boolean; last?: boolean; extra?: ReactNode; children: ReactNode }) {
  return (
    <li className={`r-tl-step${done ? ' r-tl-done' : ' r-tl-wait'}${last ? ' r-tl-last' : ''}`}>
      <span className="r-tl-dot" aria-hidden="true">{icon}</span>
      <div className="r-tl-body">
        <div className="r-tl-title"><span>{title}</span>{extra}</div>
        {children}
      </div>
    </li>
  );
}

function TraceFact({ label, value }: { label: string; value: ReactNode }) {
  return (
    <div className="r-fact">
      <span className="r-fact-label">{label}</span>
      <span className="r-fact-value">{value}</span>
    </div>
  );
}

function TraceNotFound({ code }: { code: string }) {
  const { t } = useTranslation('resident');
  const navigate = useNavigate();
  return (
    <ErrorBlock className="r-error-final r-trace-404" status="empty" title={t('trace.notFound')} description={t('trace.notFoundHint', { code: code.slice(0, 40) })} data-testid="trace-not-found">
      <Button color="primary" shape="rounded" onClick={() => navigate('/', { replace: true })}>{t('trace.toHome')}</Button>
    </ErrorBlock>
  );
}

