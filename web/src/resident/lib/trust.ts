import type { ResidentLevel, ResidentTrust } from '../../shared/types';

/** D for a low score reads 「重新出发」; D for a new account (under 30 days or 3 pickups) reads 「新邻居」. */
export type LevelVariant = ResidentLevel | 'D_low';
export const levelVariant = (trust: Pick<ResidentTrust, 'level' | 'score'>): LevelVariant =>
  trust.level === 'D' && trust.score < 50 ? 'D_low' : trust.level;
