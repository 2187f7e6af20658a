import { Button, ErrorBlock } from 'antd-mobile';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';

export function NotFound({ kind = 'page' }: { kind?: 'page' | 'community' | 'groupBuy' | 'order' | 'payment' }) {
  const { t } = useTranslation('resident');
  const navigate = useNavigate();
  return (
    <div className="mobile-page r-page">
      <ErrorBlock status="empty" fullPage title={t(`notFound.${kind}`)} description={t('notFound.hint')}>
        <Button color="primary" onClick={() => navigate('/', { replace: true })}>{t('notFound.home')}</Button>
      </ErrorBlock>
    </div>
  );
}
