import { Suspense, lazy, type ReactNode } from 'react';
import { Navigate, Route, Routes, useLocation, useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { App as AntApp, Button, ConfigProvider, Layout, Menu, Result, Space, Spin, Tag, Typography } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import { useMe } from '../shared/auth';
import { api } from '../shared/api';
import type { Me } from '../shared/types';
import { setLanguage, withTexts } from '../i18n';
import { AdmissionPage } from './AdmissionPage';
import { ApplyPage } from './ApplyPage';
import { ProductsPage } from './ProductsPage';
import { BatchesPage } from './BatchesPage';
import { PurchaseOrdersPage } from './PurchaseOrdersPage';
import { currentSupplier, STATUS_COLORS } from './lib';
import './supplier.css';

// 标准与证书 with its own texts (the standards namespace).
const StandardsPage = lazy(withTexts(() => import('./StandardsPage'), ['standards']));

/** Products, batches and purchase orders open once the supplier has been admitted. */
const notAdmitted = (status: string) => status === 'draft' || status === 'submitted' || status === 'more_info_requested' || status === 'rejected';

const theme = { token: { colorPrimary: '#e8590c', colorLink: '#d9480f', borderRadius: 6 } };

type MySupplier = Me['suppliers'][number];

function RequireLoginDesktop({ children }: { children: (me: Me) => ReactNode }) {
  const { t } = useTranslation('supplier');
  const me = useMe();
  const location = useLocation();
  if (me.isPending || (!me.data && me.isFetching)) return <div className="supplier-center"><Spin size="large" /></div>;
  if (me.isError) {
    return <Result status="error" title={t('error', { ns: 'common' })} subTitle={me.error.message}
      extra={<Button type="primary" onClick={() => me.refetch()}>{t('retry', { ns: 'common' })}</Button>} />;
  }
  if (!me.data) return <Navigate to={`/login?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  return <>{children(me.data)}</>;
}

function SupplierLayout({ me, supplier, children }: { me: Me; supplier: MySupplier | null; children: ReactNode }) {
  const { t, i18n } = useTranslation('supplier');
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const queryClient = useQueryClient();
  const selected = pathname.startsWith('/supplier/products') ? 'products' : pathname.startsWith('/supplier/batches') ? 'batches'
    : pathname.startsWith('/supplier/purchase-orders') ? 'purchase-orders' : pathname.startsWith('/supplier/standards') ? 'standards' : 'admission';
  const logout = async () => {
    await api('/api/auth/logout', { method: 'POST' }).catch(() => undefined);
    queryClient.clear();
    navigate('/login', { replace: true });
  };
  return (
    <Layout className="supplier-layout">
      <Layout.Sider width={208} theme="light" className="supplier-sider" breakpoint="lg" collapsedWidth={0}>
        <div className="supplier-logo">
          <span className="supplier-logo-mark">邻</span>
          <span>{t('brand')}</span>
        </div>
        <Menu
          mode="inline"
          selectedKeys={[selected]}
          onClick={({ key }) => navigate(key === 'admission' ? '/supplier' : `/supplier/${key}`)}
          items={[
            { key: 'admission', label: t('menu.admission') },
            ...(supplier ? [
              { key: 'products', label: t('menu.products'), disabled: notAdmitted(supplier.status) },
              { key: 'batches', label: t('menu.batches', { ns: 'supply' }), disabled: notAdmitted(supplier.status) },
              { key: 'purchase-orders', label: t('menu.purchaseOrders', { ns: 'supply' }), disabled: notAdmitted(supplier.status) },
              { key: 'standards', label: t('menu.standards'), disabled: notAdmitted(supplier.status) },
            ] : []),
          ]}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header className="supplier-header">
          <Space size="middle">
            <Typography.Text strong>{supplier ? supplier.companyName : t('apply.title')}</Typography.Text>
            {supplier && <Tag color={STATUS_COLORS[supplier.status]} data-testid="supplier-status">{t(`status.${supplier.status}`)}</Tag>}
          </Space>
          <Space size="middle">
            <Typography.Text type="secondary">{me.user.name || me.user.phoneMasked}</Typography.Text>
            <Button type="link" onClick={() => setLanguage(i18n.language === 'en' ? 'zh-CN' : 'en')}>{t('language', { ns: 'common' })}</Button>
            <Button onClick={logout}>{t('logout', { ns: 'common' })}</Button>
          </Space>
        </Layout.Header>
        <Layout.Content className="supplier-content">{children}</Layout.Content>
      </Layout>
    </Layout>
  );
}

export default function SupplierRoutes() {
  const { i18n } = useTranslation();
  return (
    <ConfigProvider locale={i18n.language === 'en' ? enUS : zhCN} theme={theme}>
      <AntApp>
        <RequireLoginDesktop>
          {(me) => {
            const supplier = currentSupplier(me);
            return (
              <SupplierLayout me={me} supplier={supplier}>
                <Routes>
                  <Route index element={supplier ? <AdmissionPage supplierId={supplier.id} /> : <ApplyPage isOperator={me.user.isOperator} />} />
                  <Route path="apply" element={supplier && supplier.status !== 'rejected' ? <Navigate to="/supplier" replace /> : <ApplyPage isOperator={me.user.isOperator} />} />
                  <Route path="products" element={supplier ? <ProductsPage supplierId={supplier.id} /> : <Navigate to="/supplier" replace />} />
                  <Route path="batches" element={supplier ? <BatchesPage supplierId={supplier.id} /> : <Navigate to="/supplier" replace />} />
                  <Route path="purchase-orders" element={supplier ? <PurchaseOrdersPage supplierId={supplier.id} /> : <Navigate to="/supplier" replace />} />
                  <Route path="standards" element={supplier ? <Suspense fallback={<Spin />}><StandardsPage supplierId={supplier.id} /></Suspense> : <Navigate to="/supplier" replace />} />
                  <Route path="*" element={<Navigate to="/supplier" replace />} />
                </Routes>
              </SupplierLayout>
            );
          }}
        </RequireLoginDesktop>
      </AntApp>
    </ConfigProvider>
  );
}
