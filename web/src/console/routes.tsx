import { Suspense, lazy, type ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { App as AntApp, Button, ConfigProvider, Layout, Menu, Result, Space, Spin, Typography } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useMe } from '../shared/auth';
import { api } from '../shared/api';
import type { Me } from '../shared/types';
import { setLanguage, withTexts } from '../i18n';
import { CommunitiesPage } from './CommunitiesPage';
import { ProductsPage } from './ProductsPage';
import { SuppliersPage } from './SuppliersPage';
import { BatchesReviewPage } from './BatchesReviewPage';
import { PurchaseOrdersPage } from './PurchaseOrdersPage';
import { TrustDashboardPage } from './TrustDashboardPage';
import { NpsSurveysPage } from './NpsSurveysPage';
import { TagRulesPage } from './TagRulesPage';
import { ClaimsQueuePage } from './ClaimsQueuePage';
import { GuaranteeRulesPage } from './GuaranteeRulesPage';
import { GuaranteeFundPage } from './GuaranteeFundPage';
import { CoursesPage } from './CoursesPage';
import { HonoursPage } from './HonoursPage';
import { ReviewsModerationPage } from './ReviewsModerationPage';
import { ModerationPage } from './ModerationPage';
import { CampaignVisitsPage } from './CampaignVisitsPage';
import './console.css';

// 团长提现 with its own texts (the earnings namespace), fetched when opened.
// 标准与标准审核 with their own texts (the standards namespace).
const StandardsPage = lazy(withTexts(() => import('./standards/StandardsPage'), ['standards']));
const StandardReviewPage = lazy(withTexts(() => import('./standards/StandardReviewPage'), ['standards']));
// 活动大使：申请审批、条件与首发期 (the ambassadors namespace).
const AmbassadorsPage = lazy(withTexts(() => import('./ambassadors/AmbassadorsPage'), ['ambassadors']));
const PointsServicesPage = lazy(withTexts(() => import('./PointsServicesPage').then((m) => ({ default: m.PointsServicesPage })), ['points']));
const CampaignResultsPage = lazy(withTexts(() => import('./campaign-results/CampaignResults'), ['campaignResults']));
const GovernanceEffectsPage = lazy(withTexts(() => import('./GovernanceEffectsPage').then((m) => ({ default: m.GovernanceEffectsPage })), ['governance']));
const PayoutsPage = lazy(withTexts(() => import('./PayoutsPage').then((m) => ({ default: m.PayoutsPage })), ['earnings']));
// 公开账本 with its own texts, fetched when opened.
const CampaignsPage = lazy(withTexts(() => import('./campaigns/CampaignsPage'), ['campaigns', 'standards']));
const CampaignDetailPage = lazy(withTexts(() => import('./campaigns/CampaignDetailPage'), ['campaigns', 'standards']));
const LedgerPage = lazy(withTexts(() => import('./LedgerPage').then((m) => ({ default: m.LedgerPage })), ['ledger']));

const theme = { token: { colorPrimary: '#e8590c', colorLink: '#d9480f', borderRadius: 6 } };

/** Logged in and an operator, or a clear explanation — the console is for 陈总's team only. */
function RequireOperator({ children }: { children: (me: Me) => ReactNode }) {
  const { t } = useTranslation('console');
  const me = useMe();
  const location = useLocation();
  const navigate = useNavigate();
  if (me.isPending) return <div className="console-center"><Spin size="large" /></div>;
  if (me.isError) {
    return <Result status="error" title={t('error', { ns: 'common' })} subTitle={me.error.message}
      extra={<Button type="primary" onClick={() => me.refetch()}>{t('retry', { ns: 'common' })}</Button>} />;
  }
  if (!me.data && me.isFetching) return <div className="console-center"><Spin size="large" /></div>;
  if (!me.data) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  if (!me.data.user.isOperator) {
    return (
      <Result status="403" title={t('forbiddenTitle')} subTitle={t('forbidden')}
        extra={<Button type="primary" onClick={() => navigate('/')}>{t('backHome')}</Button>} />
    );
  }
  return <>{children(me.data)}</>;
}

function ConsoleLayout({ me, children }: { me: Me; children: ReactNode }) {
  const { t, i18n } = useTranslation('console');
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const queryClient = useQueryClient();
  const selected = pathname.startsWith('/console/products') ? 'products' : pathname.startsWith('/console/suppliers') ? 'suppliers'
    : pathname.startsWith('/console/batches') ? 'batches' : pathname.startsWith('/console/purchase-orders') ? 'purchase-orders'
    : pathname.startsWith('/console/trust') ? 'trust' : pathname.startsWith('/console/surveys') ? 'surveys' : pathname.startsWith('/console/tags') ? 'tags'
    : pathname.startsWith('/console/claims') ? 'claims' : pathname.startsWith('/console/guarantee-rules') ? 'guarantee-rules'
    : pathname.startsWith('/console/guarantee-fund') ? 'guarantee-fund' : pathname.startsWith('/console/courses') ? 'courses'
    : pathname.startsWith('/console/honours') ? 'honours' : pathname.startsWith('/console/payouts') ? 'payouts' : pathname.startsWith('/console/moderation') ? 'moderation'
    : pathname.startsWith('/console/standard-reviews') ? 'standard-reviews' : pathname.startsWith('/console/standards') ? 'standards' : pathname.startsWith('/console/campaigns') || pathname.startsWith('/console/campaign-results') ? 'campaigns' : pathname.startsWith('/console/reviews') ? 'reviews' : pathname.startsWith('/console/ledger') ? 'ledger' : pathname.startsWith('/console/points') ? 'points' : pathname.startsWith('/console/governance') ? 'governance' : pathname.startsWith('/console/campaign-visits') ? 'campaign-visits' : pathname.startsWith('/console/ambassadors') ? 'ambassadors' : 'communities';
  const logout = async () => {
    await api('/api/auth/logout', { method: 'POST' }).catch(() => undefined);
    queryClient.clear();
    navigate('/login', { replace: true });
  };
  return (
    <Layout className="console-layout">
      <Layout.Sider width={208} theme="light" className="console-sider" breakpoint="lg" collapsedWidth={0}>
        <div className="console-logo">
          <span className="console-logo-mark">邻</span>
          <span>{t('brand')}</span>
        </div>
        <Menu
          mode="inline"
          selectedKeys={[selected]}
          onClick={({ key }) => navigate(`/console/${key}`)}
          items={[
            { key: 'communities', label: t('menu.communities') },
            { key: 'products', label: t('menu.products') },
            { key: 'suppliers', label: t('menu.suppliers') },
            { key: 'batches', label: t('menu.batches') },
            { key: 'standards', label: t('menu.standards') },
            { key: 'standard-reviews', label: t('menu.standard-reviews') },
            { key: 'campaigns', label: t('menu.campaigns') },
            { key: 'campaign-visits', label: t('menu.campaign-visits') },
            { key: 'ambassadors', label: t('menu.ambassadors') },
            { key: 'purchase-orders', label: t('menu.purchase-orders') },
            { key: 'trust', label: t('menu.trust') },
            { key: 'surveys', label: t('menu.surveys') },
            { key: 'tags', label: t('menu.tags') },
            { key: 'claims', label: t('menu.claims') },
            { key: 'guarantee-rules', label: t('menu.guarantee-rules') },
            { key: 'guarantee-fund', label: t('menu.guarantee-fund') },
            { key: 'courses', label: t('menu.courses') },
            { key: 'honours', label: t('menu.honours') },
            { key: 'moderation', label: t('menu.moderation') },
            { key: 'reviews', label: t('menu.reviews') },
            { key: 'points', label: t('menu.points') },
            { key: 'payouts', label: t('menu.payouts') },
            { key: 'ledger', label: t('menu.ledger') },
            { key: 'governance', label: t('menu.governance') },
          ]}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header className="console-header">
          <Typography.Text strong>{t(`menu.${selected}`)}</Typography.Text>
          <Space size="middle">
            <Typography.Text type="secondary">{me.user.name || me.user.phoneMasked}</Typography.Text>
            <Button type="link" onClick={() => setLanguage(i18n.language === 'en' ? 'zh-CN' : 'en')}>{t('language', { ns: 'common' })}</Button>
            <Button onClick={logout}>{t('logout', { ns: 'common' })}</Button>
          </Space>
        </Layout.Header>
        <Layout.Content className="console-content">{children}</Layout.Content>
      </Layout>
    </Layout>
  );
}

export default function ConsoleRoutes() {
  const { i18n } = useTranslation();
  // antd's pickers take month and weekday names from dayjs' global locale.
  dayjs.locale(i18n.language === 'en' ? 'en' : 'zh-cn');
  return (
    <ConfigProvider locale={i18n.language === 'en' ? enUS : zhCN} theme={theme}>
      <AntApp>
        <RequireOperator>
          {(me) => (
            <ConsoleLayout me={me}>
              <Routes>
                <Route index element={<CommunitiesPage />} />
                <Route path="communities" element={<CommunitiesPage />} />
                <Route path="products" element={<ProductsPage />} />
                <Route path="suppliers" element={<SuppliersPage />} />
                <Route path="batches" element={<BatchesReviewPage />} />
                <Route path="campaign-visits" element={<CampaignVisitsPage />} />
                <Route path="standards" element={<Suspense fallback={<Spin />}><StandardsPage /></Suspense>} />
                <Route path="campaigns" element={<Suspense fallback={<Spin />}><CampaignsPage /></Suspense>} />
                <Route path="campaigns/:id" element={<Suspense fallback={<Spin />}><CampaignDetailPage /></Suspense>} />
                <Route path="ambassadors" element={<Suspense fallback={<Spin />}><AmbassadorsPage /></Suspense>} />
                <Route path="standard-reviews" element={<Suspense fallback={<Spin />}><StandardReviewPage /></Suspense>} />
                <Route path="purchase-orders" element={<PurchaseOrdersPage />} />
                <Route path="trust" element={<TrustDashboardPage />} />
                <Route path="surveys" element={<NpsSurveysPage />} />
                <Route path="tags" element={<TagRulesPage />} />
                <Route path="claims" element={<ClaimsQueuePage />} />
                <Route path="guarantee-rules" element={<GuaranteeRulesPage />} />
                <Route path="guarantee-fund" element={<GuaranteeFundPage />} />
                <Route path="courses" element={<CoursesPage />} />
                <Route path="honours" element={<HonoursPage />} />
                <Route path="moderation" element={<ModerationPage />} />
                <Route path="reviews" element={<ReviewsModerationPage />} />
                <Route path="points" element={<Suspense fallback={<Spin />}><PointsServicesPage /></Suspense>} />
                <Route path="payouts" element={<Suspense fallback={<Spin />}><PayoutsPage /></Suspense>} />
                <Route path="ledger" element={<Suspense fallback={<Spin />}><LedgerPage /></Suspense>} />
                <Route path="campaign-results/:campaignId" element={<Suspense fallback={<Spin />}><CampaignResultsPage /></Suspense>} />
                <Route path="governance" element={<Suspense fallback={<Spin />}><GovernanceEffectsPage /></Suspense>} />
                <Route path="*" element={<Navigate to="/console" replace />} />
              </Routes>
            </ConsoleLayout>
          )}
        </RequireOperator>
      </AntApp>
    </ConfigProvider>
  );
}
