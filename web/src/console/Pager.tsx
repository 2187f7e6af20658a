import { useTranslation } from 'react-i18next';
import { Button, Space } from 'antd';

/** Previous / next for lists the server pages with `hasMore` (no total count). */
export function Pager({ page, hasMore, onChange, loading }: { page: number; hasMore: boolean; onChange: (page: number) => void; loading?: boolean }) {
  const { t } = useTranslation('console');
  if (page === 1 && !hasMore) return null;
  return (
    <Space className="console-pager" data-testid="pager">
      <Button size="small" disabled={page <= 1 || loading} onClick={() => onChange(page - 1)}>‹ {t('aftersales.prevPage')}</Button>
      <span className="cell-sub">{t('aftersales.page', { n: page })}</span>
      <Button size="small" disabled={!hasMore || loading} onClick={() => onChange(page + 1)}>{t('aftersales.nextPage')} ›</Button>
    </Space>
  );
}
