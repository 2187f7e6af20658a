import { Navigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { NavBar } from 'antd-mobile';
import { RequireLogin } from './auth';
import { EmptyState } from './states';

/** Sends each person to where they work: operators to the console, leaders to their group, residents home. */
export function HomeRedirect() {
  const { t } = useTranslation();
  return (
    <RequireLogin>
      {(me) => {
        if (me.user.isOperator) return <Navigate to="/console" replace />;
        const led = me.communities.find((c) => c.role === 'leader');
        if (led) return <Navigate to={`/leader/${led.id}`} replace />;
        const first = me.communities[0];
        if (first) return <Navigate to={`/c/${first.id}`} replace />;
        if (me.suppliers?.length) return <Navigate to="/supplier" replace />;
        return (
          <div className="mobile-page">
            <NavBar back={null}>{t('appName')}</NavBar>
            <EmptyState title={t('home.noCommunity')} description={t('home.noCommunityHint')} />
          </div>
        );
      }}
    </RequireLogin>
  );
}
