import { useLayoutEffect, useSyncExternalStore } from 'react';

/** 「大字」: her choice of text size, kept on this phone (it is about her eyes, not her account). */
export type TextSize = 'standard' | 'large';

const KEY = 'linli:text-size';
const listeners = new Set<() => void>();

export function readTextSize(): TextSize {
  try {
    return localStorage.getItem(KEY) === 'large' ? 'large' : 'standard';
  } catch {
    return 'standard';
  }
}

export function setTextSize(size: TextSize) {
  try {
    if (size === 'large') localStorage.setItem(KEY, 'large');
    else localStorage.removeItem(KEY);
  } catch {
    // Private mode without storage: the switch still works until the page is closed.
  }
  current = size;
  for (const l of listeners) l();
}

let current: TextSize | null = null;
const snapshot = () => (current ??= readTextSize());
const subscribe = (l: () => void) => {
  listeners.add(l);
  return () => listeners.delete(l);
};

export function useTextSize(): TextSize {
  return useSyncExternalStore(subscribe, snapshot);
}

/**
 * While a resident page is shown, <html> carries r-root (the legible theme, styles.css) and r-big
 * for 大字, which enlarges the root size every text is measured in. Set before paint, so a reload in
 * 大字 never flashes small text.
 */
export function useResidentRoot() {
  const size = useTextSize();
  useLayoutEffect(() => {
    const root = document.documentElement.classList;
    root.add('r-root');
    root.toggle('r-big', size === 'large');
    return () => root.remove('r-root', 'r-big');
  }, [size]);
}
