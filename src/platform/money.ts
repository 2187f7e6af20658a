/** Money is integer fen everywhere; this is the one place that rounds. */
export function assertFen(value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`not a fen amount: ${value}`);
  return value;
}

/** Multiplies fen by a rate (e.g. commission 0.08) rounding half up to a whole fen. */
export function fenTimesRate(fen: number, rate: number): number {
  return Math.round(fen * rate + 1e-9);
}

/** ¥12.80 style, for share texts and logs. */
export function formatYuan(fen: number): string {
  return `¥${(fen / 100).toFixed(2)}`;
}
