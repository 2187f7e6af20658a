import { useLayoutEffect, useRef, type TextareaHTMLAttributes } from 'react';

/**
 * A plain textarea that grows with its text up to `maxRows` (then scrolls). Native on purpose:
 * the phone's own keyboard, paste and voice input behave, and `data-testid` lands on the field.
 */
export function AutoTextArea({ value, onChange, minRows = 1, maxRows = 6, className = '', showCount, maxLength, ...rest }: Omit<TextareaHTMLAttributes<HTMLTextAreaElement>, 'value' | 'onChange'> & {
  value: string; onChange: (v: string) => void; minRows?: number; maxRows?: number; showCount?: boolean;
}) {
  const ref = useRef<HTMLTextAreaElement>(null);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const line = parseFloat(getComputedStyle(el).lineHeight) || 24;
    const pad = parseFloat(getComputedStyle(el).paddingTop) + parseFloat(getComputedStyle(el).paddingBottom);
    el.style.height = 'auto';
    const h = Math.min(Math.max(el.scrollHeight, minRows * line + pad), maxRows * line + pad);
    el.style.height = `${h}px`;
    el.style.overflowY = el.scrollHeight > h + 1 ? 'auto' : 'hidden';
  }, [value, minRows, maxRows]);
  const field = (
    <textarea ref={ref} className={`r-auto-textarea ${showCount ? '' : className}`} value={value} maxLength={maxLength} rows={minRows} onChange={(e) => onChange(e.target.value)} {...rest} />
  );
  if (!showCount) return field;
  return (
    <div className={`r-auto-textarea-wrap ${className}`}>
      {field}
      <div className={`r-auto-textarea-count${maxLength && value.length >= maxLength ? ' r-danger' : ''}`} aria-hidden="true">{value.length}{maxLength ? `/${maxLength}` : ''}</div>
    </div>
  );
}
