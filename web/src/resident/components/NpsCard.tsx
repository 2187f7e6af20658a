import { useState } from 'react';
import { Button, TextArea } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from '../../shared/api';
import type { NpsPrompt, NpsSurveySubject } from '../../shared/types';
import { usePendingSurvey } from '../lib/api';
import { metricsKeys } from '../../shared/query-keys';
import { named } from '../../shared/names';

const SCORES = Array.from({ length: 11 }, (_, i) => i);

/** A survey round is hidden by its id; the after-pickup question by whom it asks about. */
const surveyKey = (s: NpsPrompt) => (s.surveyId ? `survey:${s.surveyId}` : `${s.subjectType}:${s.subjectId ?? ''}`);
const dismissKey = (s: NpsPrompt) => `linli:nps-dismissed:${surveyKey(s)}`;

function isDismissed(s: NpsPrompt) {
  try {
    return sessionStorage.getItem(dismissKey(s)) === '1';
  } catch {
    return false;
  }
}

/** The survey's own words: a round's title or the leader's name, as the texts need them. */
const textParams = (s: NpsPrompt) => ({ name: s.leaderName ?? '', title: s.title ?? '' });

/** The round ended or is not hers (any more): said with the server's message, and let go. */
const GONE_CODES = ['survey.closed', 'survey.not_found', 'nps.already_answered'];

/**
 * The NPS question (TRUST.md §5): an invitation to a survey round (the platform over a period, or a
 * campaign like 「丹东草莓季」) comes first, else the after-pickup question about her leader. The
 * server's exact wording, 0–10 with labelled ends, an optional reason. Every number looks the same
 * and nothing is offered for any answer, so no score is nudged. 「暂不回答」 hides it for this
 * browser session. `leaderIds` limits leader questions to those leaders (survey rounds always show);
 * `subjects` limits which kinds show at all.
 */
export function NpsCard({ enabled = true, leaderIds, subjects }: { enabled?: boolean; leaderIds?: string[]; subjects?: NpsSurveySubject[] }) {
  const pending = usePendingSurvey(enabled);
  // Keep the survey that was answered, so the thank-you stays even after the query says "nothing pending".
  const [answered, setAnswered] = useState<NpsPrompt | null>(null);
  const [closed, setClosed] = useState<string | null>(null);
  const survey = answered ?? pending.data ?? null;
  if (!survey || closed === surveyKey(survey) || (!answered && isDismissed(survey))) return null;
  if (subjects && !subjects.includes(survey.subjectType)) return null;
  // On a community home, ask only about this community's own leader.
  if (survey.subjectType === 'leader' && leaderIds && !leaderIds.includes(survey.subjectId ?? '')) return null;
  return (
    <SurveyCard
      key={surveyKey(survey)}
      survey={survey}
      onAnswered={() => setAnswered(survey)}
      onClose={() => {
        try {
          sessionStorage.setItem(dismissKey(survey), '1');
        } catch {
          // private mode: hiding for this render is enough
        }
        setClosed(surveyKey(survey));
      }}
    />
  );
}

function SurveyCard({ survey, onAnswered, onClose }: { survey: NpsPrompt; onAnswered: () => void; onClose: () => void }) {
  const { t } = useTranslation('resident');
  const queryClient = useQueryClient();
  const [score, setScore] = useState<number | null>(null);
  const [reason, setReason] = useState('');
  const [done, setDone] = useState<{ title: string; text: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const kind = survey.subjectType;
  const params = textParams(survey);

  const submit = useMutation({
    mutationFn: () => api<{ id: string }>('/api/surveys/nps', {
      body: {
        subjectType: survey.subjectType,
        subjectId: survey.subjectId,
        ...(survey.surveyId ? { surveyId: survey.surveyId } : {}),
        ...(survey.orderId ? { orderId: survey.orderId } : {}),
        score,
        ...(reason.trim() ? { reason: reason.trim() } : {}),
      },
    }),
    onSuccess: () => {
      onAnswered();
      setDone({ title: t('nps.thanksTitle'), text: t(`nps.thanks.${kind}`, params) });
      void queryClient.invalidateQueries({ queryKey: metricsKeys.pendingSurvey() });
    },
    onError: (err) => {
      if (err instanceof ApiError && GONE_CODES.includes(err.code)) {
        // Answered already (another tab, another device) or the round has ended: say so kindly and let it go.
        onAnswered();
        setDone({ title: err.code === 'nps.already_answered' ? t('nps.thanksTitle') : t('nps.endedTitle'), text: err.message });
        void queryClient.invalidateQueries({ queryKey: metricsKeys.pendingSurvey() });
        return;
      }
      setError(err instanceof ApiError ? err.message : t('nps.failed'));
    },
  });

  if (done) {
    return (
      <section className="r-card r-nps r-nps-done" data-testid="nps-card" data-subject={kind} aria-live="polite">
        <div className="r-nps-thanks-icon" aria-hidden="true">✓</div>
        <div className="r-nps-thanks-text">
          <div className="r-strong">{done.title}</div>
          <div className="r-small r-muted" data-testid="nps-done-text">{done.text}</div>
        </div>
        <button type="button" className="r-link r-nps-ok" onClick={onClose}>{t('nps.done')}</button>
      </section>
    );
  }

  const translation = t(`nps.translation.${kind}`, params);
  return (
    <section className="r-card r-nps" data-testid="nps-card" data-subject={kind} aria-labelledby="nps-question">
      <div className="r-nps-head">
        <span className="r-nps-label">{named(t, `nps.label.${kind}`, params)}</span>
        <button type="button" className="r-nps-close" onClick={onClose} data-testid="nps-close">{t('nps.close')}</button>
      </div>
      {/* The survey asks in Chinese (its words are recorded with the answer); a reader in English reads the same question in English. */}
      {translation
        ? <h2 className="r-nps-question" id="nps-question">{named(t, `nps.translation.${kind}`, params)}</h2>
        : <h2 className="r-nps-question" id="nps-question" lang="zh-CN">{survey.question}</h2>}
      {survey.surveyId && <div className="r-small r-muted r-nps-sampled">{t('nps.sampled')}</div>}
      <div className="r-nps-scale" role="radiogroup" aria-labelledby="nps-question">
        {SCORES.map((n) => (
          <button
            key={n}
            type="button"
            role="radio"
            aria-checked={score === n}
            aria-label={t('nps.scoreAria', { n })}
            className={`r-nps-num${score === n ? ' r-nps-num-on' : ''}`}
            onClick={() => { setScore(n); setError(null); }}
            data-testid={`nps-score-${n}`}
          >
            {n}
          </button>
        ))}
      </div>
      <div className="r-nps-ends" aria-hidden="true">
        <span>{t('nps.low')}</span>
        <span>{t('nps.high')}</span>
      </div>
      {score !== null && (
        <div className="r-nps-reason">
          <label className="r-small r-strong" htmlFor="nps-reason">{t('nps.reason')}</label>
          <TextArea id="nps-reason" className="r-nps-textarea" placeholder={t('nps.reasonPlaceholder')} value={reason} onChange={setReason} maxLength={500} autoSize={{ minRows: 2, maxRows: 5 }} data-testid="nps-reason" />
        </div>
      )}
      {error && <div role="alert" className="r-small r-danger r-nps-error" data-testid="nps-error">{error}</div>}
      <Button block color="primary" shape="rounded" disabled={score === null} loading={submit.isPending} onClick={() => submit.mutate()} data-testid="nps-submit">
        {t('nps.submit')}
      </Button>
      <div className="r-nps-privacy">{t(kind === 'leader' ? 'nps.privacy' : 'nps.privacyRound')}</div>
    </section>
  );
}
