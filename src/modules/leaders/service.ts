import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../platform/db/client.js';
import { endorsements } from './schema.js';
import { users } from '../identity/index.js';
import { memberships } from '../community/index.js';
import { products } from '../catalog/index.js';
import { badRequest, conflict, notFound } from '../../platform/errors.js';
import { requireLeader } from '../community/index.js';
import { getProduct } from '../catalog/index.js';
import { fileUrl, publicImage, recordUpload, stageUpload, type StagedUpload } from '../files/index.js';
import type { FileStorage } from '../../platform/files/storage.js';
import { inTransaction, recordEvent } from '../../platform/events/service.js';

/** A trial's photos and its story (in characters). */
export const TRIAL_LIMITS = { photos: 6, storyMin: 10, storyMax: 1000 } as const;

export interface TrialInput {
  productId: string;
  rating: number;
  story: string;
  photos: { filename: string; bytes: Buffer }[];
}

/**
 * 团长背书: the leader records his own trial. A new trial of the same product supersedes the old
 * one (kept as history). Photos are images only, checked like every upload.
 */
export async function recordTrial(db: Db, storage: FileStorage, communityId: string, leaderId: string, input: TrialInput) {
  await requireLeader(db, communityId, leaderId);
  const product = await getProduct(db, input.productId);
  if (!Number.isInteger(input.rating) || input.rating < 1 || input.rating > 5) throw badRequest('endorsement.rating_invalid');
  const story = input.story.trim();
  if (story.length < TRIAL_LIMITS.storyMin) throw badRequest('endorsement.story_too_short');
  if (story.length > TRIAL_LIMITS.storyMax) throw badRequest('endorsement.story_too_long');
  if (input.photos.length > TRIAL_LIMITS.photos) throw badRequest('endorsement.too_many_photos');
  const staged: { file: StagedUpload; name: string }[] = [];
  for (const p of input.photos) staged.push({ file: await stageUpload(storage, await publicImage(p.bytes), 'images'), name: p.filename });
  return inTransaction(db, async (tx) => {
    const photoIds: string[] = [];
    for (const p of staged) {
      const f = await recordUpload(tx, p.file, { ownerId: leaderId, scope: `endorsement:${communityId}`, originalName: p.name, visibility: 'public' });
      photoIds.push(f.id);
    }
    await tx.update(endorsements).set({ withdrawnAt: new Date(), withdrawReason: 'superseded' })
      .where(and(eq(endorsements.communityId, communityId), eq(endorsements.productId, product.id), isNull(endorsements.withdrawnAt)));
    const [row] = await tx.insert(endorsements).values({ communityId, leaderId, productId: product.id, rating: input.rating, story, photoFileIds: photoIds }).returning();
    await recordEvent(tx, { type: 'endorsement.recorded', communityId, actorId: leaderId, subjectId: row.id, payload: { productId: product.id, rating: row.rating } });
    return row;
  });
}

/** Withdrawing ends the endorsement: no new group buys with this product until a new trial. */
export async function withdrawEndorsement(db: Db, endorsementId: string, leaderId: string, reason: string) {
  const [e] = await db.select().from(endorsements).where(eq(endorsements.id, endorsementId));
  if (!e) throw notFound('endorsement.not_found');
  await requireLeader(db, e.communityId, leaderId);
  if (!reason.trim()) throw badRequest('endorsement.reason_required');
  return inTransaction(db, async (tx) => {
    const [row] = await tx.update(endorsements).set({ withdrawnAt: new Date(), withdrawReason: reason.trim() })
      .where(and(eq(endorsements.id, endorsementId), isNull(endorsements.withdrawnAt))).returning();
    if (!row) throw conflict('endorsement.already_withdrawn');
    await recordEvent(tx, { type: 'endorsement.withdrawn', communityId: e.communityId, actorId: leaderId, subjectId: e.id, payload: { productId: e.productId, reason: reason.trim() } });
    return row;
  });
}

const endorsementView = {
  id: endorsements.id, communityId: endorsements.communityId, productId: endorsements.productId, rating: endorsements.rating,
  story: endorsements.story, photoFileIds: endorsements.photoFileIds, createdAt: endorsements.createdAt, withdrawnAt: endorsements.withdrawnAt,
  withdrawReason: endorsements.withdrawReason, leaderId: endorsements.leaderId, leaderName: users.name, leaderTitle: memberships.title,
  productName: products.name,
  communityName: sql<string>`(select c.name from communities c where c.id = endorsements.community_id)`,
};

type EndorsementRow = { photoFileIds: string[] } & Record<string, unknown>;
const withPhotoUrls = <T extends EndorsementRow>(e: T) => ({ ...e, photoUrls: e.photoFileIds.map(fileUrl) });

function endorsementQuery(db: DbOrTx) {
  return db.select(endorsementView).from(endorsements)
    .innerJoin(users, eq(users.id, endorsements.leaderId))
    .innerJoin(products, eq(products.id, endorsements.productId))
    .leftJoin(memberships, and(eq(memberships.communityId, endorsements.communityId), eq(memberships.userId, endorsements.leaderId)));
}

/** The standing endorsement of a product in a community, or null. */
export async function activeEndorsement(db: DbOrTx, communityId: string, productId: string) {
  const [row] = await endorsementQuery(db).where(and(eq(endorsements.communityId, communityId), eq(endorsements.productId, productId), isNull(endorsements.withdrawnAt)));
  return row ? withPhotoUrls(row) : null;
}

/** The "no group buy without endorsement" rule. */
export async function requireActiveEndorsement(db: DbOrTx, communityId: string, productId: string) {
  const e = await activeEndorsement(db, communityId, productId);
  if (!e) throw conflict('groupbuy.not_endorsed');
  return e;
}

export async function listEndorsements(db: Db, communityId: string) {
  const rows = await endorsementQuery(db).where(eq(endorsements.communityId, communityId)).orderBy(desc(endorsements.createdAt));
  return rows.map(withPhotoUrls);
}

/** Every standing endorsement of a product, across communities (traceability: who vouched). */
export async function endorsementsOfProduct(db: DbOrTx, productId: string) {
  const rows = await endorsementQuery(db).where(and(eq(endorsements.productId, productId), isNull(endorsements.withdrawnAt))).orderBy(desc(endorsements.createdAt));
  return rows.map(withPhotoUrls);
}
