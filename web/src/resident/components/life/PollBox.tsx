import { useState } from 'react';
import { Button, Toast } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, ApiError } from '../../../shared/api';
import { useTimeFormat } from '../../lib/time';
import { patchPost, type PollView } from '../../lib/life';
import { CheckIcon } from '../icons';
import { feedKeys } from '../../../shared/query-keys';

/**
 * A poll: big options to tap (one, or several when the leader allows it), 「投票」, then the result
 * bars. Results show only after she voted or the poll closed, so nobody is swayed by the count.
 */
export function PollBox({ postId, poll, timeZone }: { postId: string; poll: PollView; timeZone?: string }) {
  const { t } = useTranslation('resident');
  const fmt = useTimeFormat(timeZone);
  const queryClient = useQueryClient();
  const [chosen, setChosen] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const voted = poll.myChoice !== null;
  const showResults = voted || poll.closed || poll.options.some((o) => o.votes !== null);

  const vote = useMutation({
    mutationFn: (optionIds: string[]) => api<PollView>(`/api/posts/${postId}/vote`, { body: { optionIds } }),
    onSuccess: (res) => {
      patchPost(queryClient, postId, { poll: res });
      setError(null);
      Toast.show({ content: t('poll.thanks'), position: 'bottom', duration: 1200 });
    },
    onError: (err) => {
      setError(err instanceof ApiError ? err.message : t('poll.failed'));
      // Voted on another phone, or it closed meanwhile: show what is true now.
      if (err instanceof ApiError && err.status === 409) {
        void queryClient.invalidateQueries({ queryKey: feedKeys.post(postId) });
        void queryClient.invalidateQueries({ queryKey: feedKeys.lists() });
      }
    },
  });

  const toggle = (id: string) => {
    setError(null);
    if (poll.multiple) setChosen((c) => (c.includes(id) ? c.filter((x) => x !== id) : [...c, id]));
    else setChosen([id]);
  };

  const total = Math.max(1, poll.voters);
  const top = Math.max(0, ...poll.options.map((o) => o.votes ?? 0));
  return (
    <div className="r-poll" data-testid="poll" data-voted={voted ? 'true' : 'false'} onClick={(e) => e.stopPropagation()}>
      <div className="r-poll-meta">
        <span className="r-poll-rule">{t(poll.multiple ? 'poll.multiple' : 'poll.single')}</span>
        <span className="r-muted">
          {poll.closed ? t('poll.closed') : poll.closesAt ? t('poll.closesAt', { time: fmt.time(poll.closesAt) }) : ''}
        </span>
      </div>
      {showResults ? (
        <ul className="r-poll-results" aria-label={t('poll.results')}>
          {poll.options.map((o) => {
            const votes = o.votes ?? 0;
            const pct = Math.round((votes / total) * 100);
            const mine = poll.myChoice?.includes(o.id);
            return (
              <li key={o.id} className={`r-poll-result${mine ? ' r-poll-result-mine' : ''}${votes > 0 && votes === top ? ' r-poll-result-top' : ''}`} data-testid="poll-result">
                <span className="r-poll-bar" style={{ width: `${pct}%` }} aria-hidden="true" />
                <span className="r-poll-label">{mine && <CheckIcon size={16} />}{o.label}</span>
                <span className="r-poll-count">{t('poll.votes', { count: votes })} · {pct}%</span>
              </li>
            );
          })}
        </ul>
      ) : (
        <div className="r-poll-options" role={poll.multiple ? 'group' : 'radiogroup'}>
          {poll.options.map((o) => {
            const on = chosen.includes(o.id);
            return (
              <button
                key={o.id}
                type="button"
                role={poll.multiple ? 'checkbox' : 'radio'}
                aria-checked={on}
                className={`r-poll-option${on ? ' r-poll-option-on' : ''}`}
                onClick={() => toggle(o.id)}
                data-testid="poll-option"
              >
                <span className={`r-poll-mark${poll.multiple ? ' r-poll-mark-box' : ''}`} aria-hidden="true">{on && <CheckIcon size={14} />}</span>
                {o.label}
              </button>
            );
          })}
        </div>
      )}
      <div className="r-poll-foot">
        <span className="r-muted r-small">{voted ? t('poll.youVoted', { count: poll.voters }) : t('poll.voters', { count: poll.voters })}</span>
        {!showResults && (
          <Button color="primary" shape="rounded" size="small" disabled={chosen.length === 0} loading={vote.isPending} onClick={() => vote.mutate(chosen)} data-testid="poll-submit">
            {t('poll.submit')}
          </Button>
        )}
      </div>
      {!showResults && <div className="r-poll-hint">{t('poll.resultsAfter')}</div>}
      {error && <div className="r-field-error" role="alert">{error}</div>}
    </div>
  );
}
