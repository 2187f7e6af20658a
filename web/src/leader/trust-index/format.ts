/** 12.3% (rates arrive as fractions). */
export const pct = (rate: number) => `${(Math.round(rate * 1000) / 10).toString()}%`;
/** 87.5: one decimal, as the index is read. */
export const one = (x: number) => (Math.round(x * 10) / 10).toFixed(1);
