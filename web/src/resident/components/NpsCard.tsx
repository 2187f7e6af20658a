import { useState } from 'react';
import { Button, TextArea } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from '../../shared/api';
import type { PendingSurvey } from '../../shared/types';
import { trustKeys, usePendingSurvey } from '../lib/api';

const SCORES = Array.from({ length: 11 }, (_, i) => i);
const dismissKey = (s: PendingSurvey) => `linli:nps-dismissed:${s.subjectType}:${s.subjectId}`;

function isDismissed(s: PendingSurvey) {
  try {
    return sessionStorage.getItem(dismissKey(s)) === '1';
  } catch {
    return false;
  }
}

/**
 * The after-pickup NPS question (TRUST.md §5): the server's exact wording, 0–10 with labelled ends,
 * an optional reason. Every number looks the same and nothing is offered for any answer, so no
 * score is nudged. 「暂不回答」 hides it for this browser session. `leaderIds` limits it to those leaders.
 */
export function NpsCard({ enabled = true, leaderIds }: { enabled?: boolean; leaderIds?: string[] }) {
  const pending = usePendingSurvey(enabled);
  // Keep the survey that was answered, so the thank-you stays even after the query says "nothing pending".
  const [answered, setAnswered] = useState<PendingSurvey | null>(null);
  const [closed, setClosed] = useState<string | null>(null);
  const survey = answered ?? pending.data ?? null;
  if (!survey || closed === survey.subjectId || (!answered && isDismissed(survey))) return null;
  // On a community home, ask only about this community's own leader.
  if (leaderIds && !leaderIds.includes(survey.subjectId)) return null;
  return (
    <SurveyCard
      key={survey.orderId}
      survey={survey}
      onAnswered={() => setAnswered(survey)}
      onClose={() => {
        try {
          sessionStorage.setItem(dismissKey(survey), '1');
        } catch {
          // private mode: hiding for this render is enough
        }
        setClosed(survey.subjectId);
      }}
    />
  );
}

function SurveyCard({ survey, onAnswered, onClose }: { survey: PendingSurvey; onAnswered: () => void; onClose: () => void }) {
  const { t, i18n } = useTranslation('resident');
  const queryClient = useQueryClient();
  const [score, setScore] = useState<number | null>(null);
  const [reason, setReason] = useState('');
  const [done, setDone] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  const submit = useMutation({
    mutationFn: () => api<{ id: string }>('/api/surveys/nps', {
      body: { subjectType: survey.subjectType, subjectId: survey.subjectId, orderId: survey.orderId, score, ...(reason.trim() ? { reason: reason.trim() } : {}) },
    }),
    onSuccess: () => {
      onAnswered();
      setDone(t('nps.thanks', { name: survey.leaderName }));
      void queryClient.invalidateQueries({ queryKey: trustKeys.survey });
    },
    onError: (err) => {
      if (err instanceof ApiError && err.code === 'nps.already_answered') {
        // Answered already (another tab, another device): say so kindly and let it go.
        onAnswered();
        setDone(err.message);
        void queryClient.invalidateQueries({ queryKey: trustKeys.survey });
        return;
      }
      setError(err instanceof ApiError ? err.message : t('nps.failed'));
    },
  });

  if (done) {
    return (
      <section className="r-card r-nps r-nps-done" data-testid="nps-card" aria-live="polite">
        <div className="r-nps-thanks-icon" aria-hidden="true">✓</div>
        <div className="r-nps-thanks-text">
          <div className="r-strong">{t('nps.thanksTitle')}</div>
          <div className="r-small r-muted">{done}</div>
        </div>
        <button type="button" className="r-link r-nps-ok" onClick={onClose}>{t('nps.done')}</button>
      </section>
    );
  }

  const translation = t('nps.translation', { name: survey.leaderName });
  return (
    <section className="r-card r-nps" data-testid="nps-card" aria-labelledby="nps-question">
      <div className="r-nps-head">
        <span className="r-nps-label">{t('nps.label')}</span>
        <button type="button" className="r-nps-close" onClick={onClose} data-testid="nps-close">{t('nps.close')}</button>
      </div>
      <h2 className="r-nps-question" id="nps-question" lang="zh-CN">{survey.question}</h2>
      {translation && <div className="r-small r-muted r-nps-translation">{translation}</div>}
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
      {error && <div role="alert" className="r-small r-danger r-nps-error">{error}</div>}
      <Button block color="primary" shape="rounded" disabled={score === null} loading={submit.isPending} onClick={() => submit.mutate()} data-testid="nps-submit">
        {t('nps.submit')}
      </Button>
      <div className="r-nps-privacy">{t('nps.privacy')}</div>
    </section>
  );
}
