import { useEffect, type ReactNode } from 'react';
import { NavBar } from 'antd-mobile';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';

/** Sets the browser tab title: 「丹东有机草莓 · 邻里」. */
export function useTitle(title: string | undefined) {
  const { t } = useTranslation();
  useEffect(() => {
    document.title = title ? `${title} · ${t('appName')}` : `${t('appName')} · ${t('tagline')}`;
  }, [title, t]);
}

/**
 * A mobile page with a top bar. `back` is where the arrow goes when the page was opened directly
 * (e.g. from a WeChat link) and there is no history to go back to.
 */
export function MobilePage({ title, back, right, children, className = '', navClassName = '' }: {
  title?: ReactNode; back?: string | null; right?: ReactNode; children: ReactNode; className?: string; navClassName?: string;
}) {
  const navigate = useNavigate();
  const onBack = () => {
    const idx = (window.history.state as { idx?: number } | null)?.idx ?? 0;
    if (idx > 0) navigate(-1);
    else navigate(back ?? '/', { replace: true });
  };
  return (
    <div className={`mobile-page r-page ${className}`}>
      <NavBar className={`r-navbar ${navClassName}`} back={back === null ? null : ''} onBack={onBack} right={right}>
        {title}
      </NavBar>
      {children}
    </div>
  );
}
