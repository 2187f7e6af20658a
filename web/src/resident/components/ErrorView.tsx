import { Button, ErrorBlock } from 'antd-mobile';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../shared/api';
import { PageError } from '../../shared/states';

/**
 * A failed load. "Not found" and "not allowed" will not get better by retrying, so they say what
 * happened (the server's message) and offer the way home; anything else offers 「重试」.
 */
export function ErrorView({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation('resident');
  const navigate = useNavigate();
  if (error instanceof ApiError && (error.status === 404 || error.status === 403)) {
    return (
      <ErrorBlock className="r-error-final" status="empty" title={error.message} description={error.code === 'community.not_member' ? t('notFound.notMemberHint') : t('notFound.hint')}>
        <Button color="primary" shape="rounded" onClick={() => navigate('/', { replace: true })}>{t('notFound.home')}</Button>
      </ErrorBlock>
    );
  }
  return <PageError error={error} onRetry={onRetry} />;
}
