import { yuan } from '../../shared/api';

/** ¥36.80 with a small currency sign and cents, the way shopping apps show prices. */
export function Price({ fen, size = 'md', className = '' }: { fen: number; size?: 'sm' | 'md' | 'lg' | 'xl'; className?: string }) {
  const text = yuan(fen); // "¥36.80"
  const [int, dec] = text.slice(1).split('.');
  return (
    <span className={`r-price r-price-${size} ${className}`}>
      <small>¥</small>{int}<small>.{dec}</small>
    </span>
  );
}

export function ListPrice({ fen }: { fen: number }) {
  return <s className="r-list-price">{yuan(fen)}</s>;
}
