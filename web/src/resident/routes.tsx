import { Suspense, lazy, useEffect } from 'react';
import { Route, Routes, useLocation } from 'react-router';
import { ConfigProvider, setDefaultConfig } from 'antd-mobile';
import zhCN from 'antd-mobile/es/locales/zh-CN';
import enUS from 'antd-mobile/es/locales/en-US';
import { useTranslation } from 'react-i18next';
import './resident.css';
import './shop.css';
import JoinPage from './pages/JoinPage';
import CommunityHomePage from './pages/CommunityHome';
import GroupBuyDetailPage from './pages/GroupBuyDetail';
import PayPage from './pages/PayPage';
import OrdersPage from './pages/OrdersPage';
import OrderDetailPage from './pages/OrderDetail';
import BasketPage from './pages/BasketPage';
import PickupPage from './pages/PickupPage';
import TracePage from './pages/TracePage';
import NoticesPage from './pages/NoticesPage';
import TrustPage from './pages/TrustPage';
import MyMembershipPage from './pages/MyMembershipPage';
import ClaimNewPage from './pages/ClaimNewPage';
import ClaimDetailPage from './pages/ClaimDetailPage';
import MyClaimsPage from './pages/MyClaimsPage';
import GuaranteesPage from './pages/GuaranteesPage';
import PostDetailPage from './pages/PostDetailPage';
import AskPage from './pages/AskPage';
import EventsPage from './pages/EventsPage';
import EventDetailPage from './pages/EventDetailPage';
import CheckInPage from './pages/CheckInPage';
import WelcomePage from './pages/WelcomePage';
import LeaderProfilePage from './pages/LeaderProfilePage';
import MessagesPage from './pages/MessagesPage';
import SearchPage from './pages/SearchPage';
import PointsPage from './points/PointsPage';
import ProposalsPage from './pages/ProposalsPage';
import ProposalDetailPage from './pages/ProposalDetailPage';
import ProposeFormPage from './pages/ProposeFormPage';
import { NotFound } from './pages/NotFound';
import CampaignsListPage from './campaign/CampaignsListPage';
import MyReviewsPage from './pages/MyReviewsPage';
import { EditReviewPage, NewReviewPage } from './pages/ReviewFormPage';
import { useResidentRoot } from './lib/text-size';
import { withTexts } from '../i18n';
import { PageLoading } from '../shared/states';

// 核对凭证 with its own texts and the ledger verifier, fetched when opened.
const VerifyPage = lazy(withTexts(() => import('./pages/VerifyPage'), ['ledger']));
// Her answer to a leader's story invitation, with its texts.
// The campaign page carries the sections of several features, each with its own texts.
const CampaignPage = lazy(withTexts(() => import('./campaign/CampaignPage'), ['ambassadors', 'guarantee', 'stories']));
const StoryConsentPage = lazy(withTexts(() => import('./pages/StoryConsentPage').then((m) => ({ default: m.StoryConsentPage })), ['stories']));

/** Residents' pages: invitation, community home (group buys, 邻里圈, events), posts and questions, events and check-in, the welcome gift, the leader's profile, group buy, checkout, orders, after-sales, notices, my trust, and the public traceability and guarantee pages. */
export default function ResidentRoutes() {
  const { i18n } = useTranslation();
  const locale = i18n.language === 'en' ? enUS : zhCN;
  useResidentRoot();
  useEffect(() => {
    // Imperative Dialog/Toast render outside the provider; give them the same language.
    setDefaultConfig({ locale });
  }, [locale]);
  return (
    <ConfigProvider locale={locale}>
      <ScrollToTop />
      <Routes>
        <Route path="join/:code" element={<JoinPage />} />
        <Route path="c/:communityId" element={<CommunityHomePage />} />
        <Route path="c/:communityId/posts/:postId" element={<PostDetailPage />} />
        <Route path="c/:communityId/ask" element={<AskPage />} />
        <Route path="c/:communityId/stories/:storyId" element={<Suspense fallback={<PageLoading />}><StoryConsentPage /></Suspense>} />
        <Route path="c/:communityId/events" element={<EventsPage />} />
        <Route path="c/:communityId/welcome" element={<WelcomePage />} />
        <Route path="c/:communityId/leaders/:userId" element={<LeaderProfilePage />} />
        <Route path="c/:communityId/basket" element={<BasketPage />} />
        <Route path="c/:communityId/points" element={<PointsPage />} />
        <Route path="c/:communityId/pickup" element={<PickupPage />} />
        <Route path="events/:id" element={<EventDetailPage />} />
        <Route path="events/:id/check-in" element={<CheckInPage />} />
        <Route path="g/:groupBuyId" element={<GroupBuyDetailPage />} />
        <Route path="pay/:paymentId" element={<PayPage />} />
        <Route path="orders" element={<OrdersPage />} />
        <Route path="orders/:orderId" element={<OrderDetailPage />} />
        <Route path="orders/:orderId/claim" element={<ClaimNewPage />} />
        <Route path="claims" element={<MyClaimsPage />} />
        <Route path="claims/:id" element={<ClaimDetailPage />} />
        <Route path="notices" element={<NoticesPage />} />
        <Route path="me/trust" element={<TrustPage />} />
        <Route path="me/reviews" element={<MyReviewsPage />} />
        <Route path="reviews/new/:lineId" element={<NewReviewPage />} />
        <Route path="reviews/:reviewId/edit" element={<EditReviewPage />} />
        {/* Public: the traceability page a batch QR code opens needs no login. */}
        <Route path="t/:code" element={<TracePage />} />
        {/* Public: the after-sales promises can be read before buying, without an account. */}
        <Route path="guarantees" element={<GuaranteesPage />} />
        {/* Public: a campaign's page and the list of campaigns can be shared and read without an account. */}
        <Route path="campaigns" element={<CampaignsListPage />} />
        <Route path="campaigns/:slug" element={<Suspense fallback={<PageLoading />}><CampaignPage /></Suspense>} />
        {/* Public: anyone holding a ledger receipt checks it on the phone itself (docs/ledger.md). */}
        <Route path="verify" element={<Suspense fallback={<PageLoading />}><VerifyPage /></Suspense>} />
        <Route path="c/:communityId/messages" element={<MessagesPage />} />
        <Route path="c/:communityId/search" element={<SearchPage />} />
        <Route path="c/:communityId/me" element={<MyMembershipPage />} />
        <Route path="c/:communityId/proposals" element={<ProposalsPage />} />
        <Route path="c/:communityId/proposals/new" element={<ProposeFormPage />} />
        <Route path="proposals/:id" element={<ProposalDetailPage />} />
        <Route path="*" element={<NotFound />} />
      </Routes>
    </ConfigProvider>
  );
}

/** A new page starts at the top (a tab switch on the same page keeps its place). */
function ScrollToTop() {
  const { pathname } = useLocation();
  useEffect(() => {
    window.scrollTo(0, 0);
  }, [pathname]);
  return null;
}
