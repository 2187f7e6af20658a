import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../platform/db/client.js';
import { residentScores } from '../trust/index.js';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** TRUST.md §7 governance parameters *(ours where TRUST.md says so)*: one place, not scattered in code. */
export const GOVERNANCE = {
  minTrustScore: 70,
  paidOrderWithinDays: 60,
  reviewMs: 24 * HOUR,
  votingMs: 5 * DAY,
  waitBeforeEffectMs: 48 * HOUR,
  /** Quorum: voters ≥ 10% of the households eligible when the vote closes. */
  quorumPercent: 10,
  stakePoints: 100,
  /** Quadratic voting: voice credits per member per season (a calendar quarter, UTC). */
  seasonCredits: 100,
} as const;

export type IneligibleReason = 'not_member' | 'trust_low' | 'no_recent_order';

export interface Eligibility {
  eligible: boolean;
  reasons: IneligibleReason[];
  trustScore: number;
  lastPaidAt: Date | null;
  householdKey: string;
  /** When she last changed her 门牌 (null: never since joining); a ballot refuses a change after the proposal was made. */
  doorChangedAt: Date | null;
  /** When the recent-order condition stops holding (last paid order + 60 days). */
  orderValidUntil: Date | null;
}

/**
 * The household a member counts in: members of one community who gave the same 门牌 (door
 * number, compared without spaces, case or full-width forms) are one household; a member who gave
 * none is a household of her own. Linked accounts are not recorded elsewhere in Linli yet.
 */
export function householdKey(communityId: string, userId: string, doorNumber: string | null | undefined): string {
  const door = (doorNumber ?? '')
    .normalize('NFKC').toLowerCase()
    .replace(/\s+/g, '').replace(/[‐‑‒–—―－]/g, '-')
    .replace(/(号楼|栋|幢|单元|室|号)/g, '-').replace(/-+/g, '-').replace(/^-|-$/g, '');
  return door ? `door:${communityId}:${door}` : `user:${userId}`;
}

/** The decision itself, from the facts (pure: the boundary tests read it directly). */
export function decideEligibility(facts: { member: boolean; trustScore: number; lastPaidAt: Date | null }, now: Date): { eligible: boolean; reasons: IneligibleReason[]; orderValidUntil: Date | null } {
  const reasons: IneligibleReason[] = [];
  if (!facts.member) reasons.push('not_member');
  if (facts.trustScore < GOVERNANCE.minTrustScore) reasons.push('trust_low');
  const orderValidUntil = facts.lastPaidAt ? new Date(facts.lastPaidAt.getTime() + GOVERNANCE.paidOrderWithinDays * DAY) : null;
  if (!orderValidUntil || orderValidUntil < now) reasons.push('no_recent_order');
  return { eligible: reasons.length === 0, reasons, orderValidUntil };
}

type MemberRow = { user_id: string; door_number: string; door_number_changed_at: Date | string | null; last_paid_at: Date | string | null };

/**
 * Members' facts in one community: door number and latest paid order there (a paid line not
 * cancelled or refunded), read in one statement.
 */
async function memberFacts(db: DbOrTx, communityId: string, userIds: string[] | null): Promise<MemberRow[]> {
  const res = (await db.execute(sql`
    select m.user_id, m.door_number, m.door_number_changed_at,
      (select max(l.paid_at) from order_lines l where l.user_id = m.user_id and l.community_id = m.community_id
         and l.paid_at is not null and l.status not in ('cancelled', 'refunded', 'pending_payment')) as last_paid_at
    from memberships m
    where m.community_id = ${communityId} ${userIds ? sql`and m.user_id in ${userIds}` : sql``}`)) as unknown as { rows: MemberRow[] };
  return res.rows;
}

/** One member's eligibility to propose and vote, evaluated at `now`, with what is missing. */
export async function eligibilityOf(db: DbOrTx, communityId: string, userId: string, now: Date): Promise<Eligibility> {
  const [row] = await memberFacts(db, communityId, [userId]);
  const trustScore = (await residentScores(db, [userId], now)).get(userId) ?? 0;
  const lastPaidAt = row?.last_paid_at ? new Date(row.last_paid_at) : null;
  const d = decideEligibility({ member: Boolean(row), trustScore, lastPaidAt }, now);
  const doorChangedAt = row?.door_number_changed_at ? new Date(row.door_number_changed_at) : null;
  return { ...d, trustScore, lastPaidAt, householdKey: householdKey(communityId, userId, row?.door_number), doorChangedAt };
}

/** How many households of the community are eligible at `now` (the quorum's denominator). */
export async function eligibleHouseholds(db: DbOrTx, communityId: string, now: Date): Promise<number> {
  const rows = await memberFacts(db, communityId, null);
  const candidates = rows.filter((r) => r.last_paid_at && decideEligibility({ member: true, trustScore: 100, lastPaidAt: new Date(r.last_paid_at) }, now).eligible);
  const scores = await residentScores(db, candidates.map((r) => r.user_id), now);
  const households = new Set<string>();
  for (const r of candidates) {
    if (decideEligibility({ member: true, trustScore: scores.get(r.user_id) ?? 0, lastPaidAt: new Date(r.last_paid_at!) }, now).eligible) {
      households.add(householdKey(communityId, r.user_id, r.door_number));
    }
  }
  return households.size;
}

/** Voters needed for quorum: at least 10% of eligible households (and at least one). */
export function quorumNeeded(eligible: number): number {
  return Math.max(1, Math.ceil((eligible * GOVERNANCE.quorumPercent) / 100));
}

/** Quorum: turnout ≥ 10% of eligible; passed: quorum and yes > no. */
export function decideOutcome(t: { eligible: number; voters: number; yes: number; no: number }) {
  const quorumReached = t.eligible > 0 && t.voters * 100 >= t.eligible * GOVERNANCE.quorumPercent;
  return { quorumReached, passed: quorumReached && t.yes > t.no };
}

/** The season of quadratic voice credits: the calendar quarter (UTC), e.g. 2026-Q4. */
export function seasonOf(at: Date): string {
  return `${at.getUTCFullYear()}-Q${Math.floor(at.getUTCMonth() / 3) + 1}`;
}
