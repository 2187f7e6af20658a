import { useEffect, useRef } from 'react';
import { Button, DotLoading } from 'antd-mobile';
import { useTranslation } from 'react-i18next';

/** Loads the next page when it scrolls into view; a button as well, for slow fingers and tests. */
export function LoadMore({ hasMore, loading, onLoad, count }: { hasMore: boolean; loading: boolean; onLoad: () => void; count: number }) {
  const { t } = useTranslation('resident');
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el || !hasMore || typeof IntersectionObserver === 'undefined') return;
    const io = new IntersectionObserver((entries) => {
      if (entries.some((e) => e.isIntersecting) && !loading) onLoad();
    }, { rootMargin: '120px' });
    io.observe(el);
    return () => io.disconnect();
  }, [hasMore, loading, onLoad]);

  if (!hasMore) return count > 3 ? <div className="r-list-end">{t('list.noMore')}</div> : null;
  return (
    <div ref={ref} className="r-load-more">
      {loading ? (
        <span className="r-muted"><DotLoading /> {t('list.loading')}</span>
      ) : (
        <Button size="small" fill="outline" shape="rounded" onClick={onLoad} data-testid="load-more">{t('list.loadMore')}</Button>
      )}
    </div>
  );
}
