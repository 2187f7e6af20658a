import { ImageViewer } from 'antd-mobile';
import { useTranslation } from 'react-i18next';

/** ★★★★☆ — read out as "4 星（满分 5 星）". */
export function Stars({ rating, size = 'md' }: { rating: number; size?: 'sm' | 'md' | 'lg' }) {
  const { t } = useTranslation('resident');
  const n = Math.max(0, Math.min(5, Math.round(rating)));
  return (
    <span className={`r-stars r-stars-${size}`} role="img" aria-label={t('endorse.starsLabel', { n })}>
      {[1, 2, 3, 4, 5].map((i) => <span key={i} className={i <= n ? 'r-star-on' : 'r-star-off'} aria-hidden="true">★</span>)}
    </span>
  );
}

/** The leader's trial photos as square thumbnails; a tap opens them full screen. */
export function PhotoStrip({ urls, alt }: { urls: string[]; alt: string }) {
  const { t } = useTranslation('resident');
  if (urls.length === 0) return null;
  return (
    <div className="r-photos">
      {urls.map((url, i) => (
        <button key={url} type="button" className="r-photo" onClick={() => ImageViewer.Multi.show({ images: urls, defaultIndex: i })} aria-label={t('endorse.photoN', { alt, n: i + 1 })}>
          <img src={url} alt="" loading="lazy" />
        </button>
      ))}
    </div>
  );
}
