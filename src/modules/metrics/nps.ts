/** Segments with fewer answers show 样本不足 instead of a number. */
export const NPS_MIN_SAMPLE = 30;
