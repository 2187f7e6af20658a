import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../shared/api';
import { metricsKeys } from '../../shared/query-keys';
import type { SurveyRound, SurveySubject } from '../NpsSurveysPage';

/** The survey rounds, newest first, followed as answers come in. */
export function useSurveyRounds() {
  return useQuery({
    queryKey: metricsKeys.surveyRounds(),
    queryFn: () => api<{ items: SurveyRound[] }>('/api/console/nps-surveys'),
    refetchInterval: 60_000,
  });
}

/** Starts a round (a random sample is invited at once); the rounds refresh before `onSuccess`. */
export function useStartSurveyRound({ onSuccess, onError }: { onSuccess: (round: SurveyRound) => void; onError: (err: Error) => void }) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { subjectType: SurveySubject; title: string; sampleSize: number | null; closesAt: string }) => api<SurveyRound>('/api/console/nps-surveys', { body }),
    onSuccess: async (round) => {
      await queryClient.invalidateQueries({ queryKey: metricsKeys.surveyRounds() });
      onSuccess(round);
    },
    onError,
  });
}
