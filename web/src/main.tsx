import { StrictMode, Suspense, lazy } from 'react';
import { createRoot } from 'react-dom/client';
import { BrowserRouter, Route, Routes } from 'react-router';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import i18n, { i18nReady, withTexts } from './i18n';
import './styles.css';
import { LoginPage } from './shared/LoginPage';
import { HomeRedirect } from './shared/HomeRedirect';
import { PageLoading } from './shared/states';
import { prefetchLimits } from './shared/limits';

// Each role's pages load on demand, with their texts in the current language: residents on a
// phone never download the console or its words.
const ResidentRoutes = lazy(withTexts(() => import('./resident/routes'), ['resident', 'pickup', 'morning', 'members', 'reviews', 'campaigns', 'standards']));
const LeaderRoutes = lazy(withTexts(() => import('./leader/routes'), ['leader', 'pickup', 'morning', 'members', 'campaigns']));
const ConsoleRoutes = lazy(withTexts(() => import('./console/routes'), ['console', 'moderation', 'supply', 'trust', 'reviews', 'campaigns']));
const SupplierRoutes = lazy(withTexts(() => import('./supplier/routes'), ['supplier', 'supply']));

const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: (count, err) => count < 2 && !(err as { status?: number }).status, refetchOnWindowFocus: true } },
});
prefetchLimits(queryClient);

// The first paint waits for the common texts (the loading state itself has words). Pages that
// name themselves set their own title; the rest carry the app's name in the reader's language.
void i18nReady.then(() => {
  document.documentElement.lang = i18n.language;
  document.title = `${i18n.t('appName')} · ${i18n.t('tagline')}`;
}).then(() => createRoot(document.getElementById('root')!).render(
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
));
