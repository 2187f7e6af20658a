import { ImageViewer } from 'antd-mobile';
import { useTranslation } from 'react-i18next';

/** Pictures as square tiles (one picture shows larger); a tap opens them full screen. */
export function ImageGrid({ urls, max, className = '' }: { urls: string[]; max?: number; className?: string }) {
  const { t } = useTranslation('resident');
  if (urls.length === 0) return null;
  const shown = max ? urls.slice(0, max) : urls;
  const extra = urls.length - shown.length;
  return (
    <div className={`r-img-grid${urls.length === 1 ? ' r-img-grid-one' : ''} ${className}`}>
      {shown.map((url, i) => (
        <button
          key={`${url}-${i}`}
          type="button"
          className="r-img-tile"
          onClick={(e) => { e.preventDefault(); e.stopPropagation(); ImageViewer.Multi.show({ images: urls, defaultIndex: i }); }}
          aria-label={t('feed.photoN', { n: i + 1 })}
        >
          <img src={url} alt="" loading="lazy" />
          {extra > 0 && i === shown.length - 1 && <span className="r-img-more">+{extra}</span>}
        </button>
      ))}
    </div>
  );
}
