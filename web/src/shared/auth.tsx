import { useQuery } from '@tanstack/react-query';
import { Navigate, useLocation } from 'react-router';
import type { ReactNode } from 'react';
import { api, ApiError } from './api';
import type { Me } from './types';
import { PageLoading, PageError } from './states';
import { meKeys } from './query-keys';

export function useMe() {
  return useQuery<Me | null>({
    queryKey: meKeys.all,
    queryFn: async () => {
      try {
        return await api<Me>('/api/me');
      } catch (err) {
        if (err instanceof ApiError && err.status === 401) return null;
        throw err;
      }
    },
    staleTime: 60_000,
  });
}

/** Renders children only for a logged-in user; otherwise sends them to log in and come back. */
export function RequireLogin({ children }: { children: (me: Me) => ReactNode }) {
  const me = useMe();
  const location = useLocation();
  if (me.isPending) return <PageLoading />;
  if (me.isError) return <PageError error={me.error} onRetry={() => me.refetch()} />;
  // Just logged in: the cached "not logged in" is being refetched; wait for it instead of bouncing back to /login.
  if (!me.data && me.isFetching) return <PageLoading />;
  if (!me.data) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return <>{children(me.data)}</>;
}
