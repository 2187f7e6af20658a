import { useSuspenseQuery, type QueryClient } from '@tanstack/react-query';
import type { components } from './api-types';
import { api } from './api';
import { limitsKeys } from './query-keys';

type Limits = components['schemas']['Limits'];

export type { Limits };

/**
 * The server's limits (GET /api/limits), read once per visit: forms check them first so a mistake
 * shows under its field, and the server says the same. They change only with a new server, so they
 * stay fresh for an hour and are kept for the whole visit.
 */
const limitsQuery = {
  queryKey: limitsKeys.all,
  queryFn: () => api<Limits>('/api/limits'),
  staleTime: 60 * 60_000,
  gcTime: Infinity,
  retry: 3,
};

/** The limits; the page waits (its Suspense boundary shows the loading state) until they are here. */
export function useLimits(): Limits {
  return useSuspenseQuery(limitsQuery).data;
}

/** Asked for at start-up, beside the session, so no form has to wait for them. */
export function prefetchLimits(queryClient: QueryClient) {
  void queryClient.prefetchQuery(limitsQuery);
}
