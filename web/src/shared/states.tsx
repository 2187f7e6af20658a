import { DotLoading, ErrorBlock, Button } from 'antd-mobile';
import { useTranslation } from 'react-i18next';

export function PageLoading() {
  const { t } = useTranslation();
  return (
    <div style={{ padding: '30vh 0', textAlign: 'center', color: '#888' }} role="status">
      <DotLoading color="primary" /> {t('loading')}
    </div>
  );
}

export function PageError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  return (
    <ErrorBlock status="default" title={t('error')} description={error instanceof Error ? error.message : String(error)}>
      {onRetry && <Button color="primary" onClick={onRetry}>{t('retry')}</Button>}
    </ErrorBlock>
  );
}

export function EmptyState({ title, description }: { title?: string; description?: string }) {
  const { t } = useTranslation();
  return <ErrorBlock status="empty" title={title ?? t('empty')} description={description ?? ''} />;
}
