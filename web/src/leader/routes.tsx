import { lazy, Suspense, useEffect, type ReactElement } from 'react';
import { Navigate, Route, Routes, useLocation, useNavigationType } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ConfigProvider } from 'antd-mobile';
import zhCN from 'antd-mobile/es/locales/zh-CN';
import enUS from 'antd-mobile/es/locales/en-US';
import { RequireLogin } from '../shared/auth';
import { withTexts } from '../i18n';
import { EmptyState, PageLoading } from '../shared/states';
import { DashboardPage } from './DashboardPage';
import { NewGroupBuyPage } from './NewGroupBuyPage';
import { GroupBuyPage } from './GroupBuyPage';
import { PickupPage } from './PickupPage';
import { PendingPage } from './PendingPage';
import { InvitePage } from './InvitePage';
import { TrialFormPage, TrialsPage } from './TrialsPage';
import { LeaderCampaignsPage } from './campaigns/CampaignsPage';
import { PickListPage } from './PickListPage';
import { DeliveriesPage } from './DeliveriesPage';
import { LabelsPage } from './LabelsPage';
import { ClaimsInboxPage } from './ClaimsInboxPage';
import { ClaimPage } from './ClaimPage';
import { LeaderPage, NotLeader } from './components';
import { ComposePage } from './ComposePage';
import { FeedPage } from './FeedPage';
import { PostPage } from './PostPage';
import { QuestionsPage } from './QuestionsPage';
import { ReportsPage } from './ReportsPage';
import { EventNewPage, EventsPage } from './EventsPage';
import { ProposalsPage } from './ProposalsPage';
import { EventCheckInPage, EventPage } from './EventPage';
import { WelcomeGiftPage } from './WelcomeGiftPage';
import { ProfilePage } from './ProfilePage';
// 活动大使 with its own texts (the ambassadors namespace).
const AmbassadorPage = lazy(withTexts(() => import('./AmbassadorPage').then((m) => ({ default: m.AmbassadorPage })), ['ambassadors']));
import { CoursePage, TrainingPage } from './TrainingPage';
import { DraftsPage } from './DraftsPage';
import { MessagesInboxPage } from './MessagesInboxPage';
import { ConversationPage } from './ConversationPage';
import { PickupPointsPage } from './PickupPointsPage';
import { DeliverySettingsPage } from './DeliverySettingsPage';
import { MembersPage } from './MembersPage';
import './leader.css';
import './life.css';
import './handover.css';
import './members.css';

// The order detail brings its own texts (orderChanges) with it.
const OrderDetailPage = lazy(withTexts(() => import('./OrderDetailPage').then((m) => ({ default: m.OrderDetailPage })), ['orderChanges']));
// 我的收益 with its own texts (the earnings namespace), fetched when opened.
const EarningsPage = lazy(withTexts(() => import('./EarningsPage').then((m) => ({ default: m.EarningsPage })), ['earnings']));
// The trust index page carries the chart library; load it only when opened.
const TrustIndexPage = lazy(() => import('./TrustIndexPage').then((m) => ({ default: m.TrustIndexPage })));
// The order list and its print pages come with their own texts (namespace leaderOrders).
const OrdersPage = lazy(withTexts(() => import('./orders/OrdersPage').then((m) => ({ default: m.OrdersPage })), ['leaderOrders']));
// 推荐邻居的分享 (KOC stories) with its texts.
const StoryCandidatesPage = lazy(withTexts(() => import('./StoryCandidatesPage').then((m) => ({ default: m.StoryCandidatesPage })), ['stories']));
const OrdersPrintPage = lazy(withTexts(() => import('./orders/OrdersPrintPage').then((m) => ({ default: m.OrdersPrintPage })), ['leaderOrders']));

/** Sends /leader to the first community this person leads. */
function LeaderHome() {
  return (
    <RequireLogin>
      {(me) => {
        const led = me.communities.find((c) => c.role === 'leader');
        return led ? <Navigate to={`/leader/${led.id}`} replace /> : <NotLeader />;
      }}
    </RequireLogin>
  );
}

function NotFound() {
  const { t } = useTranslation('leader');
  return <LeaderPage title={t('notFound')}><EmptyState title={t('notFound')} /></LeaderPage>;
}

/** A new page opens at its top (going back keeps where the browser was). */
function ScrollToTop() {
  const { pathname } = useLocation();
  const type = useNavigationType();
  useEffect(() => {
    if (type !== 'POP') window.scrollTo(0, 0);
  }, [pathname, type]);
  return null;
}

export default function LeaderRoutes() {
  const { i18n } = useTranslation();
  const page = (el: ReactElement) => <RequireLogin>{() => el}</RequireLogin>;
  return (
    <ConfigProvider locale={i18n.language === 'en' ? enUS : zhCN}>
      <ScrollToTop />
      <Routes>
        <Route index element={<LeaderHome />} />
        <Route path="group-buys/:id" element={page(<GroupBuyPage />)} />
        <Route path=":communityId" element={page(<DashboardPage />)} />
        <Route path=":communityId/new" element={page(<NewGroupBuyPage />)} />
        <Route path=":communityId/pickup" element={page(<PickupPage />)} />
        <Route path=":communityId/pending" element={page(<PendingPage />)} />
        <Route path=":communityId/invite" element={page(<InvitePage />)} />
        <Route path=":communityId/trials" element={page(<TrialsPage />)} />
        <Route path=":communityId/campaigns" element={page(<LeaderCampaignsPage />)} />
        <Route path=":communityId/trials/new" element={page(<TrialFormPage />)} />
        <Route path=":communityId/pick-list" element={page(<PickListPage />)} />
        <Route path=":communityId/labels" element={page(<LabelsPage />)} />
        <Route path=":communityId/deliveries" element={page(<DeliveriesPage />)} />
        <Route path=":communityId/claims" element={page(<ClaimsInboxPage />)} />
        {/* Notification links (claim_for_leader) point here: keep this path stable. */}
        <Route path=":communityId/claims/:claimId" element={page(<ClaimPage />)} />
        {/* 社区生活: posts, questions, reports, events, the welcome gift, his profile and training. */}
        <Route path=":communityId/compose" element={page(<ComposePage />)} />
        <Route path=":communityId/feed" element={page(<FeedPage />)} />
        <Route path=":communityId/posts/:postId" element={page(<PostPage />)} />
        <Route path=":communityId/questions" element={page(<QuestionsPage />)} />
        <Route path=":communityId/campaigns/:slug/stories" element={page(<Suspense fallback={<PageLoading />}><StoryCandidatesPage /></Suspense>)} />
        <Route path=":communityId/reports" element={page(<ReportsPage />)} />
        <Route path=":communityId/events" element={page(<EventsPage />)} />
        <Route path=":communityId/proposals" element={page(<ProposalsPage />)} />
        <Route path=":communityId/events/new" element={page(<EventNewPage />)} />
        <Route path=":communityId/events/:eventId" element={page(<EventPage />)} />
        <Route path=":communityId/events/:eventId/check-in" element={page(<EventCheckInPage />)} />
        <Route path=":communityId/welcome-gift" element={page(<WelcomeGiftPage />)} />
        <Route path=":communityId/profile" element={page(<ProfilePage />)} />
        <Route path=":communityId/ambassador" element={page(<AmbassadorPage />)} />
        <Route path=":communityId/training" element={page(<TrainingPage />)} />
        <Route path=":communityId/training/:courseId" element={page(<CoursePage />)} />
        <Route path=":communityId/trust" element={page(<Suspense fallback={<PageLoading />}><TrustIndexPage /></Suspense>)} />
        <Route path=":communityId/orders/:orderId" element={page(<Suspense fallback={<PageLoading />}><OrderDetailPage /></Suspense>)} />
        <Route path=":communityId/orders" element={page(<Suspense fallback={<PageLoading />}><OrdersPage /></Suspense>)} />
        <Route path=":communityId/orders/print" element={page(<Suspense fallback={<PageLoading />}><OrdersPrintPage /></Suspense>)} />
        <Route path=":communityId/earnings" element={page(<Suspense fallback={<PageLoading />}><EarningsPage /></Suspense>)} />
        <Route path=":communityId/drafts" element={page(<DraftsPage />)} />
        <Route path=":communityId/messages" element={page(<MessagesInboxPage />)} />
        <Route path=":communityId/messages/:conversationId" element={page(<ConversationPage />)} />
        <Route path=":communityId/pickup-points" element={page(<PickupPointsPage />)} />
        <Route path=":communityId/delivery" element={page(<DeliverySettingsPage />)} />
        <Route path=":communityId/members" element={page(<MembersPage />)} />
        <Route path="*" element={<NotFound />} />
      </Routes>
    </ConfigProvider>
  );
}
