import { StrictMode, Suspense, lazy } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Route, Routes } from 'react-router';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import './i18n';
import './styles.css';
import { LoginPage } from './shared/LoginPage';
import { HomeRedirect } from './shared/HomeRedirect';
import { PageLoading } from './shared/states';
import { prefetchLimits } from './shared/limits';

// Each role's pages load on demand: residents on a phone never download the console.
const ResidentRoutes = lazy(() => import('./resident/routes'));
const LeaderRoutes = lazy(() => import('./leader/routes'));
const ConsoleRoutes = lazy(() => import('./console/routes'));
const SupplierRoutes = lazy(() => import('./supplier/routes'));

const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: (count, err) => count < 2 && !(err as { status?: number }).status, refetchOnWindowFocus: true } },
});
prefetchLimits(queryClient);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <BrowserRouter>
        <Suspense fallback={<PageLoading />}>
          <Routes>
            <Route path="/login" element={<LoginPage />} />
            <Route path="/" element={<HomeRedirect />} />
            <Route path="/leader/*" element={<LeaderRoutes />} />
            <Route path="/console/*" element={<ConsoleRoutes />} />
            <Route path="/supplier/*" element={<SupplierRoutes />} />
            <Route path="/*" element={<ResidentRoutes />} />
          </Routes>
        </Suspense>
      </BrowserRouter>
    </QueryClientProvider>
  </StrictMode>,
);
