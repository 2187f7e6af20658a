import { useState, type ReactNode } from 'react';
import { Button, Dialog, ImageViewer, Skeleton, TextArea, Toast } from 'antd-mobile';
import { Link, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { ApiError, postForm, yuan } from '../../shared/api';
import { RequireLogin } from '../../shared/auth';
import type { Me } from '../../shared/types';
import { isUuid } from '../lib/api';
import { communityOf } from '../lib/community';
import { useTimeFormat } from '../lib/time';
import { ErrorView } from '../components/ErrorView';
import { MobilePage, useTitle } from '../components/Page';
import { LanguageSwitch } from '../components/LanguageSwitch';
import { ProductImage } from '../components/ProductImage';
import { PhotoPicker } from '../components/PhotoPicker';
import { ChevronRight, ShieldIcon } from '../components/icons';
import {
  useClaim, type ClaimAction, type ClaimDetail,
} from '../components/claims';
import { NotFound } from './NotFound';
import { claimKeys, orderKeys } from '../../shared/query-keys';
import { useLimits } from '../../shared/limits';
import { Marked, Name, named } from '../../shared/names';
import { Unit } from '../../shared/units';

/** /claims/:id — where a claim stands, why, and what happened so far. Notices link here. */
export default function ClaimDetailPage() {
  const { id } = useParams();
  if (!isUuid(id)) return <NotFound />;
  return <RequireLogin>{(me) => <ClaimView me={me} id={id} />}</RequireLogin>;
}

function ClaimView({ me, id }: { me: Me; id: string }) {
  const { t } = useTranslation('resident');
  const claim = useClaim(id);
  useTitle(t('claimDetail.title'));
  const page = (children: React.ReactNode) => (
    <MobilePage title={t('claimDetail.title')} back="/claims" right={<LanguageSwitch className="r-lang-nav" />} className="r-claim-detail">{children}</MobilePage>
  );
  if (claim.isError) return page(<ErrorView error={claim.error} onRetry={() => claim.refetch()} />);
  if (!claim.data) {
    return page(<div className="r-pad" aria-busy="true"><Skeleton.Title animated /><Skeleton.Paragraph lineCount={7} animated /></div>);
  }
  return page(<ClaimBody me={me} d={claim.data} />);
}

function ClaimBody({ me, d }: { me: Me; d: ClaimDetail }) {
  const { t } = useTranslation('resident');
  const c = d.claim;
  const fmt = useTimeFormat(communityOf(me, c.communityId)?.timeZone);
  // The server names the rule as it was in the version that decided.
  const ruleName = c.ruleName;
  const o = d.line;
  // The server sends her only the photo findings that stopped an automatic refund.
  const holds = c.flags;

  return (
    <>
      <StatusHero d={d} fmt={fmt} />

      <section className="r-card r-claim-reason" data-testid="claim-reason">
        <div className="r-claim-reason-label">{t('claimDetail.reasonLabel')}</div>
        <p className="r-claim-reason-text"><Marked text={c.reason} /></p>
        {c.ruleKey && ruleName && (
          <Link to={c.ruleCampaignSlug ? `/campaigns/${c.ruleCampaignSlug}#campaign-guarantee` : `/guarantees#${c.ruleKey}`} className="r-claim-rule" data-testid="claim-rule">
            <ShieldIcon size={16} />
            <span>{named(t, 'claimDetail.rule', { name: ruleName, version: c.ruleVersion })}</span>
            <ChevronRight size={14} />
          </Link>
        )}
      </section>

      {c.status === 'needs_more' && <EvidenceForm d={d} />}

      <section className="r-card r-claim-summary">
        <Link to={`/orders/${c.orderId}`} className="r-pay-item r-order-product">
          <ProductImage src={c.productImage ?? o.imageUrls[0]} alt={o.productName || c.productName} className="r-thumb" />
          <div className="r-pay-item-text">
            <div className="r-strong"><Name>{o.productName || c.productName}</Name>{o.groupNumber != null && <span className="r-muted r-small"> #{o.groupNumber}</span>}</div>
            <div className="r-muted r-small"><Name>{o.spec}</Name> · <Name>{o.title}</Name></div>
            <div className="r-small">{yuan(o.unitPriceFen)} × {o.quantity}</div>
          </div>
          <ChevronRight size={16} className="r-muted" />
        </Link>
        <div className="r-facts r-claim-facts">
          <div className="r-fact"><span className="r-fact-label">{t('claimDetail.kind')}</span><span className="r-fact-value r-strong">{t(`aftersales.kinds.${c.kind}`)}</span></div>
          <div className="r-fact"><span className="r-fact-label">{t('claimDetail.quantity')}</span><span className="r-fact-value">{c.quantity} <Unit unit={o.unit} count={c.quantity} /></span></div>
          <div className="r-fact"><span className="r-fact-label">{t('claimDetail.amount')}</span><span className="r-fact-value r-strong">{yuan(c.amountFen)}</span></div>
          <div className="r-fact"><span className="r-fact-label">{t('claimDetail.filedAt')}</span><span className="r-fact-value">{fmt.time(c.createdAt)}</span></div>
        </div>
        <div className="r-claim-desc-label">{t('claimDetail.description')}</div>
        <p className="r-claim-desc" translate="no">{c.description}</p>
      </section>

      {d.photos.length > 0 && (
        <section className="r-card">
          <h2 className="r-card-title">{t('claimDetail.photos', { n: d.photos.length })}</h2>
          <div className="r-photos" data-testid="claim-photo-list">
            {d.photos.map((p, i) => (
              <button key={p.id} type="button" className="r-photo" onClick={() => ImageViewer.Multi.show({ images: d.photos.map((x) => x.url), defaultIndex: i })} aria-label={t('photos.nth', { n: i + 1 })}>
                <img src={p.thumbUrl} alt="" loading="lazy" />
              </button>
            ))}
          </div>
          {holds.length > 0 && (
            <ul className="r-claim-flags">
              {holds.map((f, i) => <li key={`${f.kind}-${i}`}>{f.text}</li>)}
            </ul>
          )}
        </section>
      )}

      <Timeline d={d} fmt={fmt} />

      <div className="r-claim-foot">
        <Link to="/claims" className="r-claim-foot-link">{t('claimDetail.allClaims')}</Link>
        <span className="r-dot">·</span>
        <Link to="/guarantees" className="r-claim-foot-link">{t('aftersales.rulesLink')}</Link>
      </div>
    </>
  );
}

type Fmt = ReturnType<typeof useTimeFormat>;

function StatusHero({ d, fmt }: { d: ClaimDetail; fmt: Fmt }) {
  const { t } = useTranslation('resident');
  const c = d.claim;
  const refunded = c.status === 'refunded';
  const refundFen = d.refund?.amountFen ?? c.refundedFen;
  const paid = d.refund?.status === 'paid';
  return (
    <header className={`r-claim-hero r-claim-hero-${c.status}`} data-testid="claim-status" data-status={c.status}>
      <div className="r-claim-hero-label">{t(`aftersales.status.${c.status}`)}</div>
      {refunded ? (
        <>
          <div className="r-claim-hero-big" data-testid="claim-refunded">{t('claimDetail.refundedBig', { amount: yuan(refundFen) })}</div>
          <div className={`r-claim-refund-state${paid ? ' r-claim-refund-paid' : ''}`} data-testid="refund-status">
            {paid ? t('claimDetail.refundPaid') : t('claimDetail.refundPending')}
            {paid && d.refund?.paidAt ? <span className="r-claim-refund-time"> · {fmt.time(d.refund.paidAt)}</span> : null}
          </div>
          <div className="r-claim-hero-hint">{t('claimDetail.refundHint')}</div>
        </>
      ) : (
        <>
          <div className="r-claim-hero-big">{t(`claimDetail.headline.${c.status}`)}</div>
          {c.status === 'leader_review' && c.deadlineAt ? (
            <div className="r-claim-hero-hint" data-testid="claim-deadline">
              {t('claimDetail.deadline', { time: `${fmt.date(c.deadlineAt)} ${fmt.clock(c.deadlineAt)}` })}
            </div>
          ) : (
            <div className="r-claim-hero-hint">{t(`claimDetail.hint.${c.status}`)}</div>
          )}
        </>
      )}
    </header>
  );
}

interface Step { key: string; title: string; who: string; note?: ReactNode; amountFen?: number | null; at: string; tone: 'done' | 'good' | 'warn' | 'info' | 'bad' }

/** What happened, oldest first (the operator's after-the-fact sampling is internal: the server leaves it out). */
function Timeline({ d, fmt }: { d: ClaimDetail; fmt: Fmt }) {
  const { t } = useTranslation('resident');
  const steps: Step[] = [];
  d.actions.forEach((a, i) => {
    const s = stepFor(a, t);
    if (s) steps.push({ ...s, key: `${a.action}-${i}`, at: a.at });
  });
  if (d.refund?.status === 'paid' && d.refund.paidAt) {
    steps.push({ key: 'refund-paid', title: t('claimDetail.actions.refundPaid', { amount: yuan(d.refund.amountFen) }), who: t('claimDetail.who.system'), at: d.refund.paidAt, tone: 'good' });
  }
  return (
    <section className="r-card">
      <h2 className="r-card-title">{t('claimDetail.timeline')}</h2>
      <ol className="r-claim-tl" data-testid="claim-timeline">
        {steps.map((s) => (
          <li key={s.key} className={`r-claim-tl-step r-claim-tl-${s.tone}`}>
            <span className="r-claim-tl-dot" aria-hidden="true" />
            <div className="r-claim-tl-head">
              <span className="r-claim-tl-title">{s.title}</span>
              {s.amountFen ? <span className="r-claim-tl-amount">{yuan(s.amountFen)}</span> : null}
            </div>
            <div className="r-claim-tl-meta">{s.who} · {fmt.time(s.at)}</div>
            {s.note && <div className="r-claim-tl-note">{s.note}</div>}
          </li>
        ))}
      </ol>
    </section>
  );
}

function stepFor(a: ClaimAction, t: (k: string, o?: Record<string, unknown>) => string): Omit<Step, 'key' | 'at'> | null {
  const who = t(`claimDetail.who.${a.actorRole}`);
  // Notes are people's own words, except the rule's (said below in the reader's words).
  const note = a.note ? <Name>{a.note}</Name> : undefined;
  // Her own words are shown above under 「你的描述」; the filing step needs only its time.
  if (a.action === 'filed') return { title: t('claimDetail.actions.filed'), who, tone: 'done' };
  if (a.action === 'evidence_added') return { title: t('claimDetail.actions.evidence_added'), who, note, tone: 'done' };
  if (a.action === 'escalated') return { title: t('claimDetail.actions.escalated'), who, tone: 'info' };
  if (a.action.startsWith('decided:')) {
    const status = a.action.slice('decided:'.length);
    const known = ['refunded', 'leader_review', 'needs_more', 'platform_review'];
    const tone = status === 'refunded' ? 'good' : status === 'needs_more' ? 'warn' : 'info';
    // The decision's note is "<rule name> v<version>": said as 「依据：坏果包赔（第 1 版）」.
    const m = /^(.*)\s+v(\d+)$/.exec(a.note);
    return {
      title: t(`claimDetail.actions.decided.${known.includes(status) ? status : 'other'}`), who,
      note: m ? t('claimDetail.byRule', { name: m[1], version: m[2] }) : note, amountFen: a.amountFen, tone,
    };
  }
  if (a.actorRole === 'leader' || a.actorRole === 'platform') {
    const known = ['refund', 'replace', 'reject', 'escalate'];
    const act = known.includes(a.action) ? a.action : 'other';
    const tone = act === 'refund' || act === 'replace' ? 'good' : act === 'reject' ? 'bad' : 'info';
    return { title: t(`claimDetail.actions.${a.actorRole}.${act}`), who, note, amountFen: a.amountFen, tone };
  }
  return { title: t('claimDetail.actions.other'), who, note, tone: 'info' };
}

/** 「补充材料」: photos and/or a few words; the rules decide again right away. */
function EvidenceForm({ d }: { d: ClaimDetail }) {
  const { t, i18n } = useTranslation('resident');
  const limits = useLimits().claims;
  const queryClient = useQueryClient();
  const [photos, setPhotos] = useState<File[]>([]);
  const [text, setText] = useState('');
  const [error, setError] = useState<string | null>(null);
  const room = Math.max(0, limits.photos - d.photos.length);
  const send = useMutation({
    mutationFn: () => {
      const form = new FormData();
      if (text.trim()) form.append('description', text.trim());
      for (const f of photos) form.append('photos', f, f.name);
      return postForm<ClaimDetail>(`/api/claims/${d.claim.id}/evidence`, form);
    },
    onSuccess: (res) => {
      queryClient.setQueryData(claimKeys.detail(res.claim.id, i18n.language), res);
      void queryClient.invalidateQueries({ queryKey: claimKeys.all });
      void queryClient.invalidateQueries({ queryKey: orderKeys.detail(d.claim.orderId) });
      setPhotos([]);
      setText('');
      Toast.show({ icon: 'success', content: t('evidence.sent'), duration: 2000 });
    },
    onError: (err) => {
      if (err instanceof ApiError && (err.code.startsWith('file.') || err.code.startsWith('claim.photo') || err.code === 'claim.too_many_photos' || err.code === 'claim.evidence_empty' || err.code === 'claim.description_length')) {
        setError(err.message);
        return;
      }
      void Dialog.alert({ content: <div className="r-dialog-text">{err instanceof ApiError ? err.message : t('evidence.failed')}</div>, confirmText: t('detail.gotIt') });
      void queryClient.invalidateQueries({ queryKey: claimKeys.detail(d.claim.id, i18n.language) });
    },
  });
  const onSend = () => {
    if (send.isPending) return;
    const len = text.trim().length;
    if (photos.length === 0 && len < 2) { setError(t('evidence.empty')); return; }
    if (len > limits.descriptionMax) { setError(t('claimNew.errors.descriptionLong', { max: limits.descriptionMax })); return; }
    setError(null);
    send.mutate();
  };
  return (
    <section className="r-card r-claim-evidence" data-testid="evidence-form">
      <h2 className="r-card-title">{t('evidence.title')}</h2>
      <p className="r-claim-photo-hint">{t('evidence.hint')}</p>
      {room > 0 && <PhotoPicker files={photos} onChange={(f) => { setPhotos(f); setError(null); }} max={room} disabled={send.isPending} testId="evidence-photos" />}
      <TextArea
        className="r-claim-textarea r-claim-evidence-text" placeholder={t('evidence.placeholder')} value={text}
        onChange={(v) => { setText(v); setError(null); }} maxLength={limits.descriptionMax} showCount autoSize={{ minRows: 2, maxRows: 6 }} data-testid="evidence-text"
        aria-label={t('evidence.title')}
      />
      {error && <div className="r-field-error" role="alert">{error}</div>}
      <Button block color="primary" shape="rounded" size="large" className="r-claim-evidence-btn" loading={send.isPending} loadingText={t('claimNew.submitting')} onClick={onSend} data-testid="evidence-submit">
        {t('evidence.submit')}
      </Button>
    </section>
  );
}
