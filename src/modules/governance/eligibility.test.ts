import { describe, expect, it } from 'vitest';
import { decideEligibility, decideOutcome, GOVERNANCE, householdKey, quorumNeeded, seasonOf } from './eligibility.js';

const DAY = 86_400_000;
const now = new Date('2026-12-05T10:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms);

describe('eligibility (TRUST.md §7: T ≥ 70, a paid order in 60 days)', () => {
  it('admits a trust score of 70 and refuses 69', () => {
    expect(decideEligibility({ member: true, trustScore: 70, lastPaidAt: ago(DAY) }, now)).toMatchObject({ eligible: true, reasons: [] });
    expect(decideEligibility({ member: true, trustScore: 69, lastPaidAt: ago(DAY) }, now)).toMatchObject({ eligible: false, reasons: ['trust_low'] });
  });

  it('counts a paid order 59 and exactly 60 days old, not one 61 days old', () => {
    expect(decideEligibility({ member: true, trustScore: 80, lastPaidAt: ago(59 * DAY) }, now).eligible).toBe(true);
    expect(decideEligibility({ member: true, trustScore: 80, lastPaidAt: ago(60 * DAY) }, now).eligible).toBe(true);
    expect(decideEligibility({ member: true, trustScore: 80, lastPaidAt: ago(60 * DAY + 1) }, now).reasons).toEqual(['no_recent_order']);
    expect(decideEligibility({ member: true, trustScore: 80, lastPaidAt: ago(61 * DAY) }, now).reasons).toEqual(['no_recent_order']);
    expect(decideEligibility({ member: true, trustScore: 80, lastPaidAt: null }, now).reasons).toEqual(['no_recent_order']);
  });

  it('says until when the recent order keeps her eligible', () => {
    expect(decideEligibility({ member: true, trustScore: 80, lastPaidAt: ago(10 * DAY) }, now).orderValidUntil).toEqual(new Date(now.getTime() + 50 * DAY));
  });

  it('lists every missing condition, a stranger first', () => {
    expect(decideEligibility({ member: false, trustScore: 53, lastPaidAt: null }, now).reasons).toEqual(['not_member', 'trust_low', 'no_recent_order']);
  });
});

describe('households', () => {
  const c = '11111111-2222-4333-8444-555555555555';
  it('treats the same 门牌 written differently as one household', () => {
    const k = householdKey(c, 'u1', '3-201');
    expect(householdKey(c, 'u2', '3号楼201')).toBe(k);
    expect(householdKey(c, 'u2', ' ３－２０１ ')).toBe(k);
    expect(householdKey(c, 'u2', '3栋201室')).toBe(k);
    expect(householdKey(c, 'u2', '3-202')).not.toBe(k);
  });
  it('makes a member without a 门牌 a household of her own', () => {
    expect(householdKey(c, 'u1', '')).toBe('user:u1');
    expect(householdKey(c, 'u2', null)).toBe('user:u2');
  });
});

describe('quorum (turnout ≥ 10% of eligible) and the result (yes > no)', () => {
  it('reaches quorum at exactly 10% and not one voter below', () => {
    expect(decideOutcome({ eligible: 10, voters: 1, yes: 1, no: 0 })).toEqual({ quorumReached: true, passed: true });
    expect(decideOutcome({ eligible: 11, voters: 1, yes: 1, no: 0 })).toEqual({ quorumReached: false, passed: false });
    expect(decideOutcome({ eligible: 200, voters: 20, yes: 11, no: 9 })).toEqual({ quorumReached: true, passed: true });
    expect(decideOutcome({ eligible: 200, voters: 19, yes: 19, no: 0 })).toEqual({ quorumReached: false, passed: false });
    expect(quorumNeeded(200)).toBe(20);
    expect(quorumNeeded(11)).toBe(2);
  });
  it('does not pass on a tie, though quorum is reached', () => {
    expect(decideOutcome({ eligible: 20, voters: 2, yes: 1, no: 1 })).toEqual({ quorumReached: true, passed: false });
  });
  it('never reaches quorum with nobody eligible', () => {
    expect(decideOutcome({ eligible: 0, voters: 0, yes: 0, no: 0 }).quorumReached).toBe(false);
  });
});

describe('the phases and seasons', () => {
  it('runs 24 h of review, 5 days of voting, 48 h before the effect', () => {
    expect(GOVERNANCE.reviewMs).toBe(24 * 3_600_000);
    expect(GOVERNANCE.votingMs).toBe(5 * DAY);
    expect(GOVERNANCE.waitBeforeEffectMs).toBe(48 * 3_600_000);
  });
  it('names quadratic seasons by calendar quarter', () => {
    expect(seasonOf(new Date('2026-12-31T23:59:59Z'))).toBe('2026-Q4');
    expect(seasonOf(new Date('2027-01-01T00:00:00Z'))).toBe('2027-Q1');
  });
});
