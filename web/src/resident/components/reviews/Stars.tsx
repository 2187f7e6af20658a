import { useTranslation } from 'react-i18next';
import './reviews.css';

const STAR_PATH = 'M12 2.5l2.9 6.1 6.6.8-4.9 4.6 1.3 6.6L12 17.3l-5.9 3.3 1.3-6.6-4.9-4.6 6.6-.8z';

/** One star (the 我的评价 entry's icon; five make a rating). */
export function Star({ filled, size }: { filled: boolean; size: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" className={filled ? 'rv-star rv-star-on' : 'rv-star'}>
      <path d={STAR_PATH} />
    </svg>
  );
}

/** Stars as shown on a review: 「4 星」 for screen readers. */
export function Stars({ n, size = 18 }: { n: number; size?: number }) {
  const { t } = useTranslation('reviews');
  return (
    <span className="rv-stars" role="img" aria-label={t('starsLabel', { n })} data-testid="review-stars" data-stars={n}>
      {[1, 2, 3, 4, 5].map((i) => <Star key={i} filled={i <= n} size={size} />)}
    </span>
  );
}

/** Five big stars to tap (each a 52 px target), and the word for the choice (「非常满意」). */
export function StarsInput({ value, onChange, invalid }: { value: number; onChange: (n: number) => void; invalid?: boolean }) {
  const { t } = useTranslation('reviews');
  return (
    <div className={`rv-stars-input${invalid ? ' rv-stars-invalid' : ''}`}>
      <div className="rv-stars-row" role="radiogroup" aria-label={t('form.starsQuestion')}>
        {[1, 2, 3, 4, 5].map((i) => (
          <button key={i} type="button" role="radio" aria-checked={value === i} aria-label={t('starsChoose', { n: i })}
            className="rv-star-btn" onClick={() => onChange(i)} data-testid={`star-${i}`}>
            <Star filled={i <= value} size={40} />
          </button>
        ))}
      </div>
      <div className="rv-star-word" aria-live="polite">{value > 0 ? t(`starWords.${value}`) : t('form.starsMissing')}</div>
    </div>
  );
}
