import { and, asc, desc, eq, inArray, lte, sql } from 'drizzle-orm';
import { createHash } from 'node:crypto';
import type { Db, DbOrTx, Tx } from '../../platform/db/client.js';
import { AppError, badRequest, conflict, notFound } from '../../platform/errors.js';
import { inTransaction, recordEvent } from '../../platform/events/service.js';
import * as community from '../community/index.js';
import * as aftersales from '../aftersales/index.js';
import { displayNames, maskName } from '../identity/index.js';
import type { Locale } from '../../platform/i18n.js';
import { ballots, governanceEffects, proposalOutcomes, proposals, type ProposalDetails, type ProposalKind, type ProposalPhase, type VotingMethod } from './schema.js';
import { decideOutcome, eligibilityOf, eligibleHouseholds, GOVERNANCE, quorumNeeded, seasonOf, type Eligibility } from './eligibility.js';
import { holdStake, keepStake, payVotePoints, returnStake, VOTE_POINTS } from './stake.js';
import { fundBalance, grantFromFund } from './fund.js';

export type Proposal = typeof proposals.$inferSelect;
type Viewer = { id: string; isOperator: boolean };

/** At most this many of one member's proposals under review or vote at once. */
const MAX_OPEN_PER_PROPOSER = 2;
/** Quadratic voting: at most this many votes on one proposal (100 credits). */
const MAX_QUADRATIC_VOTES = 10;

export interface ProposalInput {
  kind: ProposalKind;
  voting?: VotingMethod;
  title: string;
  reason: string;
  product?: { productName: string; spec?: string; note?: string };
  /** A change of an existing rule may give only the new action and promise: the rest is the rule's current version. */
  rule?: { ruleKey: string | null; name?: string; description: string; condition?: string; action: string; priority?: number };
  fund?: { amountPoints: number; recipientId: string; purpose: string };
}

/** Refuses an ineligible member with the first reason, in words she can act on. */
function refuseIneligible(e: Eligibility): never {
  if (e.reasons.includes('not_member')) throw notFound('governance.not_member');
  if (e.reasons.includes('trust_low')) throw new AppError('governance.trust_low', 403, { score: e.trustScore, min: GOVERNANCE.minTrustScore }, { reasons: e.reasons });
  throw new AppError('governance.no_recent_order', 403, { days: GOVERNANCE.paidOrderWithinDays }, { reasons: e.reasons });
}

async function checkDetails(db: Db, communityId: string, input: ProposalInput): Promise<ProposalDetails> {
  if (input.kind === 'product') {
    const p = input.product;
    const name = p?.productName.trim() ?? '';
    if (name.length < 2 || name.length > 40 || (p?.spec ?? '').length > 40 || (p?.note ?? '').length > 500) throw badRequest('governance.product_name');
    return { kind: 'product', productName: name, spec: (p?.spec ?? '').trim(), note: (p?.note ?? '').trim() };
  }
  if (input.kind === 'rule') {
    const given = input.rule;
    if (!given) throw badRequest('guarantee.name_invalid');
    const current = given.ruleKey && (given.condition === undefined || given.name === undefined || given.priority === undefined) ? (await aftersales.ruleHistory(db, given.ruleKey))[0] : null;
    const r = { ...given, name: given.name ?? current?.name ?? '', condition: given.condition ?? current?.condition ?? '', priority: given.priority ?? current?.priority ?? 500 };
    await aftersales.checkRuleChange(db, { key: r.ruleKey, name: r.name, description: r.description, condition: r.condition, action: r.action, priority: r.priority });
    return { kind: 'rule', ruleKey: r.ruleKey, name: r.name.trim(), description: r.description.trim(), condition: r.condition.trim(), action: r.action, priority: r.priority };
  }
  const f = input.fund;
  if (!f || !Number.isInteger(f.amountPoints) || f.amountPoints < 1 || f.amountPoints > 100_000) throw badRequest('governance.fund_amount');
  const purpose = f.purpose.trim();
  if (purpose.length < 4 || purpose.length > 200) throw badRequest('governance.purpose_length');
  const leaders = await community.leadersOf(db, communityId);
  if (!leaders.some((l) => l.userId === f.recipientId)) throw badRequest('governance.fund_recipient');
  return { kind: 'fund', amountPoints: f.amountPoints, recipientId: f.recipientId, purpose };
}

/**
 * An eligible member proposes: the proposal opens for a 24 h review, its vote runs the 5 days
 * after, and its effect waits 48 h after a passed vote. Her stake (100 points) is held now.
 */
export async function createProposal(db: Db, user: Viewer, communityId: string, input: ProposalInput, now: Date): Promise<Proposal> {
  await community.getCommunity(db, communityId);
  const title = input.title.trim();
  const reason = input.reason.trim();
  if (title.length < 4 || title.length > 40) throw badRequest('governance.title_length');
  if (reason.length < 10 || reason.length > 1000) throw badRequest('governance.reason_length');
  const voting = input.voting ?? 'one_member';
  if (voting === 'quadratic' && input.kind !== 'product') throw badRequest('governance.quadratic_only_priorities');
  const details = await checkDetails(db, communityId, input);
  return inTransaction(db, async (tx) => {
    // One proposer at a time: her open proposals are counted and her stake held without a race.
    await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`proposals:${communityId}:${user.id}`}))`);
    const e = await eligibilityOf(tx, communityId, user.id, now);
    if (!e.eligible) refuseIneligible(e);
    const [open] = await tx.select({ n: sql<number>`count(*)::int` }).from(proposals)
      .where(and(eq(proposals.communityId, communityId), eq(proposals.proposerId, user.id), inArray(proposals.phase, ['review', 'voting'])));
    if (open.n >= MAX_OPEN_PER_PROPOSER) throw conflict('governance.too_many_open', { max: MAX_OPEN_PER_PROPOSER });
    const votingStartsAt = new Date(now.getTime() + GOVERNANCE.reviewMs);
    const votingEndsAt = new Date(votingStartsAt.getTime() + GOVERNANCE.votingMs);
    const [p] = await tx.insert(proposals).values({
      communityId, proposerId: user.id, kind: input.kind, voting, title, reason, details, createdAt: now, votingStartsAt, votingEndsAt,
      effectAt: new Date(votingEndsAt.getTime() + GOVERNANCE.waitBeforeEffectMs), stakePoints: GOVERNANCE.stakePoints,
    }).returning();
    const holdId = await holdStake(tx, { proposalId: p.id, communityId, userId: user.id, amount: GOVERNANCE.stakePoints, now });
    const [held] = await tx.update(proposals).set({ stakeHoldId: holdId }).where(eq(proposals.id, p.id)).returning();
    await recordEvent(tx, { type: 'proposal.created', communityId, actorId: user.id, subjectId: p.id, payload: { kind: p.kind, voting, votingStartsAt: votingStartsAt.toISOString(), votingEndsAt: votingEndsAt.toISOString(), stakePoints: p.stakePoints } });
    return held;
  });
}

/** A proposal its viewer may see: members of its community and operators; others get 404. */
async function visibleProposal(db: DbOrTx, viewer: Viewer, id: string): Promise<Proposal> {
  const [p] = await db.select().from(proposals).where(eq(proposals.id, id));
  if (!p) throw notFound('governance.not_found');
  if (!viewer.isOperator && !(await community.membershipOf(db, p.communityId, viewer.id))) throw notFound('governance.not_found');
  return p;
}

/** The stable, door-number-free form of a household stored on ballots (hash of the key). */
export const householdDigest = (key: string) => createHash('sha256').update(key).digest('hex');

/**
 * A ballot: eligibility is evaluated now; one per member and one per household (unique indexes,
 * so simultaneous ballots cannot both land), the household by a 门牌 not changed since the proposal was made; quadratic ballots spend votes² of her season's credits.
 */
export async function castBallot(db: Db, user: Viewer, proposalId: string, input: { choice: 'yes' | 'no'; votes?: number }, now: Date) {
  await visibleProposal(db, { ...user, isOperator: false }, proposalId);
  return inTransaction(db, async (tx) => {
    // FOR SHARE: ballots go in side by side; the close (FOR UPDATE) waits for them, and they for it.
    const [p] = await tx.select().from(proposals).where(eq(proposals.id, proposalId)).for('share');
    if (now < p.votingStartsAt) throw conflict('governance.not_open_yet', { at: p.votingStartsAt.toISOString() });
    if (now >= p.votingEndsAt || (p.phase !== 'review' && p.phase !== 'voting')) throw conflict('governance.vote_closed');
    const e = await eligibilityOf(tx, p.communityId, user.id, now);
    if (!e.eligible) refuseIneligible(e);
    // One vote per household counts households by 门牌: a 门牌 changed after the proposal was made
    // (to another household, or away and back) would let a household vote twice, so it is refused.
    if (e.doorChangedAt && e.doorChangedAt >= p.createdAt) throw conflict('governance.door_changed', { at: p.createdAt.toISOString() });
    const votes = input.votes ?? 1;
    let season: string | null = null;
    if (p.voting === 'one_member') {
      if (votes !== 1) throw badRequest('governance.votes_invalid', { max: 1 });
    } else {
      if (!Number.isInteger(votes) || votes < 1 || votes > MAX_QUADRATIC_VOTES) throw badRequest('governance.votes_invalid', { max: MAX_QUADRATIC_VOTES });
      season = seasonOf(now);
      await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`credits:${p.communityId}:${user.id}:${season}`}))`);
      const [spent] = await tx.select({ n: sql<number>`coalesce(sum(${ballots.credits}), 0)::int` }).from(ballots)
        .where(and(eq(ballots.communityId, p.communityId), eq(ballots.userId, user.id), eq(ballots.season, season)));
      const left = GOVERNANCE.seasonCredits - spent.n;
      if (votes * votes > left) throw conflict('governance.credits_exhausted', { cost: votes * votes, left });
    }
    const [b] = await tx.insert(ballots).values({
      proposalId, communityId: p.communityId, userId: user.id, householdKey: householdDigest(e.householdKey), choice: input.choice,
      votes, credits: votes * votes, season, trustScore: e.trustScore, castAt: now,
    }).onConflictDoNothing().returning();
    if (!b) {
      const [mine] = await tx.select({ id: ballots.id }).from(ballots).where(and(eq(ballots.proposalId, proposalId), eq(ballots.userId, user.id)));
      throw conflict(mine ? 'governance.already_voted' : 'governance.household_voted');
    }
    await recordEvent(tx, { type: 'proposal.ballot_cast', communityId: p.communityId, actorId: user.id, subjectId: proposalId, payload: { ballotId: b.id, seq: b.seq } });
    return b;
  });
}

/** Counts a proposal's ballots (the recount anyone can repeat from the ballot entries). */
export async function tally(db: DbOrTx, proposalId: string): Promise<{ voters: number; yes: number; no: number }> {
  const [t] = await db.select({
    voters: sql<number>`count(*)::int`,
    yes: sql<number>`coalesce(sum(${ballots.votes}) filter (where ${ballots.choice} = 'yes'), 0)::int`,
    no: sql<number>`coalesce(sum(${ballots.votes}) filter (where ${ballots.choice} = 'no'), 0)::int`,
  }).from(ballots).where(eq(ballots.proposalId, proposalId));
  return t;
}

/** The stored result beside a fresh count of the ballots: they must agree. */
export async function recount(db: DbOrTx, viewer: Viewer, proposalId: string) {
  const p = await visibleProposal(db, viewer, proposalId);
  const [stored] = await db.select().from(proposalOutcomes).where(eq(proposalOutcomes.proposalId, p.id));
  const counted = await tally(db, p.id);
  if (!stored) return { proposalId: p.id, stored: null, recount: counted, matches: null };
  const again = decideOutcome({ eligible: stored.eligible, ...counted });
  const matches = stored.voters === counted.voters && stored.yes === counted.yes && stored.no === counted.no
    && stored.quorumReached === again.quorumReached && stored.passed === again.passed;
  return { proposalId: p.id, stored: { eligible: stored.eligible, voters: stored.voters, yes: stored.yes, no: stored.no, quorumReached: stored.quorumReached, passed: stored.passed }, recount: { ...counted, ...again }, matches };
}

/**
 * Closes one proposal's vote (its row locked): counts the ballots against the households
 * eligible at the close, writes the outcome entry, returns the stake at quorum or keeps it, and
 * pays the flat vote points to every voter when quorum was reached.
 */
async function closeVote(tx: Tx, p: Proposal, now: Date) {
  const counted = await tally(tx, p.id);
  const eligible = await eligibleHouseholds(tx, p.communityId, p.votingEndsAt);
  const { quorumReached, passed } = decideOutcome({ eligible, ...counted });
  await tx.insert(proposalOutcomes).values({ proposalId: p.id, communityId: p.communityId, eligible, ...counted, quorumReached, passed, closedAt: p.votingEndsAt });
  if (p.stakeHoldId) {
    if (quorumReached) await returnStake(tx, p.stakeHoldId, p.id, now);
    else await keepStake(tx, p.stakeHoldId, p.id, now);
  }
  if (quorumReached) {
    const voters = await tx.select({ userId: ballots.userId }).from(ballots).where(eq(ballots.proposalId, p.id)).orderBy(asc(ballots.seq));
    for (const v of voters) await payVotePoints(tx, { proposalId: p.id, communityId: p.communityId, userId: v.userId, now });
  }
  await tx.update(proposals).set({ phase: passed ? 'passed' : 'failed', closedAt: now, stakeStatus: quorumReached ? 'returned' : 'kept' }).where(eq(proposals.id, p.id));
  await recordEvent(tx, { type: 'proposal.closed', communityId: p.communityId, actorId: null, subjectId: p.id, payload: { eligible, ...counted, quorumReached, passed, stake: quorumReached ? 'returned' : 'kept' } });
}

/** After the 48 h wait: the effect a passed proposal asks for, in the operator's queue. */
async function enact(tx: Tx, p: Proposal, now: Date) {
  const d = p.details;
  const kind = d.kind === 'product' ? 'product_request' : d.kind === 'rule' ? 'rule_draft' : 'fund_transfer';
  let ruleDraftId: string | null = null;
  if (d.kind === 'rule') {
    const [o] = await tx.select().from(proposalOutcomes).where(eq(proposalOutcomes.proposalId, p.id));
    const draft = await aftersales.draftRuleVersion(tx, { key: d.ruleKey, name: d.name, description: d.description, condition: d.condition, action: d.action, priority: d.priority }, {
      source: 'governance', sourceId: p.id,
      attachment: { proposalId: p.id, communityId: p.communityId, title: p.title, eligible: o.eligible, voters: o.voters, yes: o.yes, no: o.no, quorumReached: o.quorumReached, passed: o.passed, closedAt: o.closedAt.toISOString(), outcomeSeq: o.seq },
    }, now);
    ruleDraftId = draft.id;
  }
  const [effect] = await tx.insert(governanceEffects).values({ proposalId: p.id, communityId: p.communityId, kind, ruleDraftId, createdAt: now }).onConflictDoNothing().returning();
  await tx.update(proposals).set({ phase: 'enacted', enactedAt: now }).where(eq(proposals.id, p.id));
  if (effect) await recordEvent(tx, { type: 'proposal.enacted', communityId: p.communityId, actorId: null, subjectId: p.id, payload: { effectId: effect.id, effect: kind } });
}

/**
 * The scheduled job: moves proposals across the boundaries that have passed — review → voting at
 * +24 h, the vote's close at +5 days, the effect at +48 h — each proposal in its own transaction,
 * its row taken with SKIP LOCKED so any number of instances run it once.
 */
export async function advanceProposals(db: Db, now: Date, batch = 50) {
  const opened = await inTransaction(db, async (tx) => {
    const rows = await tx.update(proposals).set({ phase: 'voting' })
      .where(and(eq(proposals.phase, 'review'), lte(proposals.votingStartsAt, now))).returning({ id: proposals.id, communityId: proposals.communityId, votingEndsAt: proposals.votingEndsAt });
    for (const o of rows) await recordEvent(tx, { type: 'proposal.voting_opened', communityId: o.communityId, actorId: null, subjectId: o.id, payload: { votingEndsAt: o.votingEndsAt.toISOString() } });
    return rows;
  });
  let closed = 0;
  let enacted = 0;
  for (;;) {
    const did = await inTransaction(db, async (tx) => {
      const [p] = await tx.select().from(proposals)
        .where(and(inArray(proposals.phase, ['review', 'voting']), lte(proposals.votingEndsAt, now))).limit(1).for('update', { skipLocked: true });
      if (!p) return false;
      await closeVote(tx, p, now);
      return true;
    });
    if (!did || ++closed >= batch) break;
  }
  for (;;) {
    const did = await inTransaction(db, async (tx) => {
      const [p] = await tx.select().from(proposals)
        .where(and(eq(proposals.phase, 'passed'), lte(proposals.effectAt, now))).limit(1).for('update', { skipLocked: true });
      if (!p) return false;
      await enact(tx, p, now);
      return true;
    });
    if (!did || ++enacted >= batch) break;
  }
  return { opened: opened.length, closed, enacted };
}

/** Where a proposal stands, for its page: phase, the next boundary, turnout against quorum. */
export type ShownPhase = ProposalPhase | 'counting';

function timeline(p: Proposal, now: Date): { phase: ShownPhase; nextBoundaryAt: Date | null } {
  const next = p.phase === 'review' ? p.votingStartsAt : p.phase === 'voting' ? p.votingEndsAt : p.phase === 'passed' ? p.effectAt : null;
  // The job may lag a boundary by a tick: say what the clock says.
  const phase = (p.phase === 'review' && now >= p.votingStartsAt) ? (now >= p.votingEndsAt ? 'counting' : 'voting')
    : p.phase === 'voting' && now >= p.votingEndsAt ? 'counting' : p.phase;
  return { phase, nextBoundaryAt: next && next > now ? next : null };
}

/** A member's eligibility, in the shape the page explains it. */
export async function myEligibility(db: DbOrTx, user: Viewer, communityId: string, now: Date) {
  await community.getCommunity(db, communityId);
  const e = await eligibilityOf(db, communityId, user.id, now);
  return {
    eligible: e.eligible, reasons: e.reasons, trustScore: e.trustScore, minTrustScore: GOVERNANCE.minTrustScore,
    lastPaidAt: e.lastPaidAt, orderValidUntil: e.orderValidUntil, paidOrderWithinDays: GOVERNANCE.paidOrderWithinDays,
    stakePoints: GOVERNANCE.stakePoints, votePoints: VOTE_POINTS,
  };
}

type Outcome = typeof proposalOutcomes.$inferSelect;

function summary(p: Proposal, o: Outcome | undefined, voters: number, now: Date, name: (id: string) => string) {
  const t = timeline(p, now);
  return {
    id: p.id, communityId: p.communityId, kind: p.kind, voting: p.voting, title: p.title, proposerName: maskName(name(p.proposerId), name(p.proposerId)),
    phase: t.phase, nextBoundaryAt: t.nextBoundaryAt, createdAt: p.createdAt, votingStartsAt: p.votingStartsAt, votingEndsAt: p.votingEndsAt, effectAt: p.effectAt,
    voters, outcome: o ? { eligible: o.eligible, voters: o.voters, yes: o.yes, no: o.no, quorumReached: o.quorumReached, passed: o.passed, quorumNeeded: quorumNeeded(o.eligible) } : null,
  };
}

/** The community's proposals, newest first (members, its leaders and operators). */
export async function listProposals(db: DbOrTx, viewer: Viewer, communityId: string, now: Date, locale: Locale) {
  await community.requireMember(db, communityId, viewer);
  const rows = await db.select().from(proposals).where(eq(proposals.communityId, communityId)).orderBy(desc(proposals.createdAt)).limit(100);
  if (rows.length === 0) return { items: [] };
  const ids = rows.map((r) => r.id);
  const outcomes = await db.select().from(proposalOutcomes).where(inArray(proposalOutcomes.proposalId, ids));
  const counts = await db.select({ proposalId: ballots.proposalId, n: sql<number>`count(*)::int` }).from(ballots).where(inArray(ballots.proposalId, ids)).groupBy(ballots.proposalId);
  const name = await displayNames(db, rows.map((r) => r.proposerId), locale);
  return { items: rows.map((p) => summary(p, outcomes.find((o) => o.proposalId === p.id), counts.find((c) => c.proposalId === p.id)?.n ?? 0, now, name)) };
}

/**
 * One proposal for its page: what it asks, where it stands, turnout against quorum (yes and no are
 * shown only once the vote has closed), her own ballot and whether she may vote.
 */
export async function proposalDetail(db: DbOrTx, viewer: Viewer, proposalId: string, now: Date, locale: Locale) {
  const p = await visibleProposal(db, viewer, proposalId);
  const [o] = await db.select().from(proposalOutcomes).where(eq(proposalOutcomes.proposalId, p.id));
  const counted = await tally(db, p.id);
  const name = await displayNames(db, [p.proposerId, ...(p.details.kind === 'fund' ? [p.details.recipientId] : [])], locale);
  const [mine] = await db.select().from(ballots).where(and(eq(ballots.proposalId, p.id), eq(ballots.userId, viewer.id)));
  const member = await community.membershipOf(db, p.communityId, viewer.id);
  const eligibleNow = o ? o.eligible : await eligibleHouseholds(db, p.communityId, now);
  const [effect] = await db.select().from(governanceEffects).where(eq(governanceEffects.proposalId, p.id));
  const details = p.details.kind === 'fund' ? { ...p.details, recipientName: name(p.details.recipientId) } : p.details;
  return {
    ...summary(p, o, counted.voters, now, name), reason: p.reason, details,
    stakePoints: p.stakePoints, stakeStatus: p.stakeStatus,
    turnout: { voters: counted.voters, eligible: eligibleNow, quorumNeeded: quorumNeeded(eligibleNow), quorumPercent: GOVERNANCE.quorumPercent },
    myBallot: mine ? { choice: mine.choice, votes: mine.votes, credits: mine.credits, castAt: mine.castAt, seq: mine.seq } : null,
    eligibility: member ? await myEligibility(db, viewer, p.communityId, now) : null,
    seasonCreditsLeft: p.voting === 'quadratic' && member ? GOVERNANCE.seasonCredits - (await creditsSpent(db, p.communityId, viewer.id, seasonOf(now))) : null,
    effect: effect ? { kind: effect.kind, status: effect.status, decidedAt: effect.decidedAt, decisionNote: effect.decisionNote } : null,
    mine: p.proposerId === viewer.id,
  };
}

async function creditsSpent(db: DbOrTx, communityId: string, userId: string, season: string): Promise<number> {
  const [r] = await db.select({ n: sql<number>`coalesce(sum(${ballots.credits}), 0)::int` }).from(ballots)
    .where(and(eq(ballots.communityId, communityId), eq(ballots.userId, userId), eq(ballots.season, season)));
  return r.n;
}

/** The operator's queue: what passed proposals ask for, with the vote attached. */
export async function effectsQueue(db: DbOrTx, status: 'awaiting' | 'approved' | 'declined', locale: Locale) {
  const rows = await db.select({ effect: governanceEffects, proposal: proposals, outcome: proposalOutcomes })
    .from(governanceEffects).innerJoin(proposals, eq(proposals.id, governanceEffects.proposalId))
    .innerJoin(proposalOutcomes, eq(proposalOutcomes.proposalId, governanceEffects.proposalId))
    .where(eq(governanceEffects.status, status)).orderBy(asc(governanceEffects.createdAt)).limit(200);
  const communityNames = new Map<string, string>();
  for (const id of new Set(rows.map((r) => r.proposal.communityId))) communityNames.set(id, (await community.getCommunity(db, id)).name);
  const name = await displayNames(db, rows.flatMap((r) => [r.proposal.proposerId, ...(r.proposal.details.kind === 'fund' ? [r.proposal.details.recipientId] : [])]), locale);
  const out = [];
  for (const r of rows) {
    const draft = r.effect.ruleDraftId ? await aftersales.ruleDraft(db, r.effect.ruleDraftId) : null;
    const d = r.proposal.details;
    out.push({
      id: r.effect.id, kind: r.effect.kind, status: r.effect.status, createdAt: r.effect.createdAt, decidedAt: r.effect.decidedAt, decisionNote: r.effect.decisionNote,
      proposal: { id: r.proposal.id, title: r.proposal.title, reason: r.proposal.reason, communityId: r.proposal.communityId, communityName: communityNames.get(r.proposal.communityId) ?? '', proposerName: name(r.proposal.proposerId) },
      vote: { eligible: r.outcome.eligible, voters: r.outcome.voters, yes: r.outcome.yes, no: r.outcome.no, closedAt: r.outcome.closedAt, outcomeSeq: r.outcome.seq },
      details: d.kind === 'fund' ? { ...d, recipientName: name(d.recipientId), fundBalance: await fundBalance(db, r.proposal.communityId) } : d,
      ruleDraft: draft ? { id: draft.id, key: draft.key, baseVersion: draft.baseVersion, name: draft.name, condition: draft.condition, action: draft.action, status: draft.status, attachment: draft.attachment } : null,
    });
  }
  return { items: out };
}

/** What waits for an operator's decision, lean: for lists elsewhere (the ledger's console page). */
export async function awaitingEffects(db: DbOrTx) {
  return db.select({ id: governanceEffects.id, kind: governanceEffects.kind, title: proposals.title, createdAt: governanceEffects.createdAt })
    .from(governanceEffects).innerJoin(proposals, eq(proposals.id, governanceEffects.proposalId))
    .where(eq(governanceEffects.status, 'awaiting')).orderBy(asc(governanceEffects.createdAt)).limit(200);
}

/**
 * The operator approves or declines an effect. Approving a rule draft publishes it as the rule's
 * next version; approving a fund transfer moves the points from the community fund to the
 * leader named in the proposal; a product request is taken into sourcing. One transaction.
 */
export async function decideEffect(db: Db, operatorId: string, effectId: string, decision: 'approve' | 'decline', note: string, now: Date) {
  if (note.length > 500) throw badRequest('governance.note_length');
  return inTransaction(db, async (tx) => {
    const [e] = await tx.select().from(governanceEffects).where(eq(governanceEffects.id, effectId)).for('update');
    if (!e) throw notFound('governance.effect_not_found');
    if (e.status !== 'awaiting') throw conflict('governance.effect_decided');
    const [p] = await tx.select().from(proposals).where(eq(proposals.id, e.proposalId));
    let transferRef: string | null = null;
    if (e.ruleDraftId) {
      if (decision === 'approve') await aftersales.publishRuleDraft(tx, operatorId, e.ruleDraftId, now);
      else await aftersales.declineRuleDraft(tx, operatorId, e.ruleDraftId, now);
    }
    if (decision === 'approve' && p.details.kind === 'fund') {
      transferRef = await grantFromFund(tx, { communityId: p.communityId, userId: p.details.recipientId, amount: p.details.amountPoints, proposalId: p.id, now });
    }
    const status = decision === 'approve' ? 'approved' : 'declined';
    const [row] = await tx.update(governanceEffects).set({ status, decidedBy: operatorId, decidedAt: now, decisionNote: note.trim() || null, transferRef })
      .where(eq(governanceEffects.id, effectId)).returning();
    await recordEvent(tx, { type: 'proposal.effect_decided', communityId: p.communityId, actorId: operatorId, subjectId: p.id, payload: { effectId, decision: status } });
    return row;
  });
}
