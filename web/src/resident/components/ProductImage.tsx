import { useState } from 'react';
import { LeafIcon } from './icons';

/** A square product picture that degrades to a soft placeholder when missing or broken. */
export function ProductImage({ src, alt, className = '', eager }: { src: string | undefined; alt: string; className?: string; eager?: boolean }) {
  const [broken, setBroken] = useState(false);
  if (!src || broken) {
    return (
      <div className={`r-img r-img-placeholder ${className}`} role="img" aria-label={alt}>
        <LeafIcon size={36} />
      </div>
    );
  }
  return <img className={`r-img ${className}`} src={src} alt={alt} loading={eager ? 'eager' : 'lazy'} onError={() => setBroken(true)} />;
}
