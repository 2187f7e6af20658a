import { useState } from 'react';
import { Button, Dialog, Skeleton, Stepper, Toast } from 'antd-mobile';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from '../../shared/api';
import { RequireLogin } from '../../shared/auth';
import { proposalKeys } from '../../shared/query-keys';
import { isUuid } from '../lib/api';
import { useNow, useTimeFormat } from '../lib/time';
import { MobilePage, useTitle } from '../components/Page';
import { ErrorView } from '../components/ErrorView';
import { useProposal, useRecount, type ProposalDetail } from '../../shared/governance/api';
import { EligibilityCard, NextBoundary, ResultLine } from '../../shared/governance/ProposalList';
import { NotFound } from './NotFound';

/** /proposals/:id — one proposal: what it asks, where it stands, turnout against quorum, her vote, the result and its recount. */
export default function ProposalDetailPage() {
  const { id } = useParams();
  if (!isUuid(id)) return <NotFound />;
  return <RequireLogin>{() => <Detail id={id} />}</RequireLogin>;
}

const STEP_OF: Record<string, number> = { review: 0, voting: 1, counting: 1, passed: 2, enacted: 3, failed: 2 };

function Detail({ id }: { id: string }) {
  const { t } = useTranslation('governance');
  const query = useProposal(id);
  const p = query.data;
  useTitle(p?.title ?? t('title'));
  const back = p ? `/c/${p.communityId}/proposals` : '/';
  if (query.isError) return <MobilePage title={t('title')} back={back}><ErrorView error={query.error} onRetry={() => query.refetch()} /></MobilePage>;
  if (!p) return <MobilePage title={t('title')} back={back}><div className="gov-section"><Skeleton.Paragraph lineCount={6} animated /></div></MobilePage>;
  return <MobilePage title={t('title')} back={back}><Body p={p} /></MobilePage>;
}

function Body({ p }: { p: ProposalDetail }) {
  const { t } = useTranslation('governance');
  const now = useNow(30_000);
  const fmt = useTimeFormat();
  const step = STEP_OF[p.phase] ?? 0;
  const pct = p.turnout.eligible > 0 ? Math.min(100, (p.turnout.voters / p.turnout.eligible) * 100) : 0;
  const quorumAt = p.turnout.eligible > 0 ? Math.min(100, (p.turnout.quorumNeeded / p.turnout.eligible) * 100) : 0;
  const recount = useRecount(p.id, Boolean(p.outcome));
  return (
    <>
      <section className="gov-section">
        <div className="gov-meta">
          <span className={`gov-tag gov-tag-${p.phase}`}>{t(`phase.${p.phase}`)}</span>
          <span className="gov-tag">{t(`kind.${p.kind}`)}</span>
        </div>
        <h2 style={{ fontSize: 20, margin: '8px 0' }}>{p.title}</h2>
        <div className="gov-steps" aria-label={t('stepsHint')}>
          {(['review', 'voting', 'wait'] as const).map((s, i) => <span key={s} className={i === step ? 'on' : i < step ? 'done' : ''}>{t(`steps.${s}`)}</span>)}
        </div>
        <NextBoundary p={p} now={now} />
        {p.outcome ? <ResultLine p={p} /> : (
          <>
            <div className="gov-bar" aria-hidden="true"><i style={{ width: `${pct}%` }} /><b style={{ left: `${quorumAt}%` }} /></div>
            <div>{t(p.turnout.voters >= p.turnout.quorumNeeded && p.turnout.eligible > 0 ? 'turnoutReached' : 'turnout', { voters: p.turnout.voters, needed: p.turnout.quorumNeeded, percent: p.turnout.quorumPercent })}</div>
          </>
        )}
        {p.outcome && recount.data?.matches !== null && recount.data && (
          <div className="gov-muted">{recount.data.matches ? t('detail.recountOk', recount.data.recount) : t('detail.recountBad')}</div>
        )}
      </section>
      <VoteBox p={p} formatDate={fmt.date} formatTime={fmt.time} />
      <section className="gov-section">
        <h2>{t('detail.what')}</h2>
        <Details p={p} />
        <h2 style={{ marginTop: 12 }}>{t('detail.reason')}</h2>
        <p style={{ margin: 0, whiteSpace: 'pre-wrap' }}>{p.reason}</p>
        <p className="gov-muted">{t('detail.proposer')}：{p.proposerName} · {fmt.time(p.createdAt)}</p>
        <p className="gov-muted">{t('detail.stake', { points: p.stakePoints, status: t(`detail.stakeStatus.${p.stakeStatus}`) })}</p>
        {p.effect && <p className="gov-muted">{t('detail.effect', { status: t(`detail.effectStatus.${p.effect.status}`) })}</p>}
        <p className="gov-muted">{t('stepsHint')}</p>
      </section>
    </>
  );
}

function Details({ p }: { p: ProposalDetail }) {
  const { t } = useTranslation('governance');
  const d = p.details;
  if (d.kind === 'product') {
    return <dl className="gov-dl"><dt>{t('detail.productName')}</dt><dd>{d.productName}</dd>{d.spec && <><dt>{t('detail.spec')}</dt><dd>{d.spec}</dd></>}{d.note && <><dt>{t('detail.note')}</dt><dd>{d.note}</dd></>}</dl>;
  }
  if (d.kind === 'rule') {
    return <dl className="gov-dl"><dt>{t('detail.ruleKey')}</dt><dd>{d.name}</dd><dt>{t('detail.ruleAction')}</dt><dd>{t(`actions.${d.action}`, { defaultValue: d.action })}</dd><dt>{t('detail.rulePromise')}</dt><dd>{d.description}</dd></dl>;
  }
  return <dl className="gov-dl"><dt>{t('detail.fundAmount')}</dt><dd>{t('detail.points', { n: d.amountPoints })}</dd><dt>{t('detail.fundTo')}</dt><dd>{d.recipientName}</dd><dt>{t('detail.fundPurpose')}</dt><dd>{d.purpose}</dd></dl>;
}

/** Her ballot, or the buttons to cast it, or why she cannot. */
function VoteBox({ p, formatDate, formatTime }: { p: ProposalDetail; formatDate: (iso: string) => string; formatTime: (iso: string) => string }) {
  const { t } = useTranslation('governance');
  const queryClient = useQueryClient();
  const [votes, setVotes] = useState(1);
  const cast = useMutation({
    mutationFn: (choice: 'yes' | 'no') => api<ProposalDetail>(`/api/proposals/${p.id}/ballots`, { method: 'POST', body: p.voting === 'quadratic' ? { choice, votes } : { choice } }),
    onSuccess: (res) => {
      queryClient.setQueryData(proposalKeys.detail(p.id), res);
      void queryClient.invalidateQueries({ queryKey: proposalKeys.community(p.communityId) });
      Toast.show({ icon: 'success', content: t('vote.done') });
    },
    onError: (err) => Toast.show({ icon: 'fail', content: err instanceof ApiError ? err.message : t('vote.failed'), duration: 4000 }),
  });
  const ask = async (choice: 'yes' | 'no') => {
    const ok = await Dialog.confirm({ title: t('vote.confirmTitle', { choice: t(`vote.${choice}`) }), content: t('vote.confirmText'), confirmText: t(`vote.${choice}`) });
    if (ok) cast.mutate(choice);
  };
  if (p.myBallot) {
    const b = p.myBallot;
    return (
      <section className="gov-section">
        <strong>{p.voting === 'quadratic' ? t('vote.mineVotes', { choice: t(`vote.${b.choice}`), votes: b.votes, credits: b.credits }) : t('vote.mine', { choice: t(`vote.${b.choice}`) })}</strong>
        {!p.outcome && p.eligibility && <div className="gov-muted">{t('vote.minePoints', { points: p.eligibility.votePoints })}</div>}
      </section>
    );
  }
  if (p.phase === 'review') return <section className="gov-section">{t('vote.notOpen', { at: formatTime(p.votingStartsAt) })}{p.eligibility && !p.eligibility.eligible && <EligibilityCard e={p.eligibility} formatDate={formatDate} />}</section>;
  if (p.phase !== 'voting') return null;
  if (!p.eligibility) return null;
  if (!p.eligibility.eligible) return <EligibilityCard e={p.eligibility} formatDate={formatDate} />;
  return (
    <section className="gov-section">
      <h2>{t('vote.title')}</h2>
      {p.voting === 'quadratic' && (
        <div>
          <div className="gov-muted">{t('vote.quadratic', { left: p.seasonCreditsLeft ?? 0 })}</div>
          <div className="gov-meta" style={{ marginTop: 8 }}>{t('vote.votes')} <Stepper min={1} max={10} value={votes} onChange={(v) => setVotes(v)} /> {t('vote.cost', { cost: votes * votes })}</div>
        </div>
      )}
      <div className="gov-vote">
        <Button color="success" loading={cast.isPending} onClick={() => ask('yes')}>{t('vote.yes')}</Button>
        <Button color="danger" fill="outline" loading={cast.isPending} onClick={() => ask('no')}>{t('vote.no')}</Button>
      </div>
      <p className="gov-muted">{t('vote.points', { points: p.eligibility.votePoints })} {t('eligibility.household')}</p>
    </section>
  );
}
