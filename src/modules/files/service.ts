import { eq } from 'drizzle-orm';
import { createHash, randomUUID } from 'node:crypto';
import type { DbOrTx } from '../../platform/db/client.js';
import { storedFiles } from './schema.js';
import { badRequest, notFound } from '../../platform/errors.js';
import type { FileStorage } from '../../platform/files/storage.js';
import { checkImage, reencodeWithoutMetadata } from './image-check.js';

export type StoredFile = typeof storedFiles.$inferSelect;

export const MAX_DOCUMENT_BYTES = 10 * 1024 * 1024;
export const MAX_IMAGE_BYTES = 8 * 1024 * 1024;

const SIGNATURES: { type: string; ext: string; kind: 'image' | 'pdf'; test: (b: Buffer) => boolean }[] = [
  { type: 'application/pdf', ext: 'pdf', kind: 'pdf', test: (b) => b.subarray(0, 5).toString('latin1') === '%PDF-' },
  { type: 'image/jpeg', ext: 'jpg', kind: 'image', test: (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff },
  { type: 'image/png', ext: 'png', kind: 'image', test: (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) },
  { type: 'image/webp', ext: 'webp', kind: 'image', test: (b) => b.subarray(0, 4).toString('latin1') === 'RIFF' && b.subarray(8, 12).toString('latin1') === 'WEBP' },
];

/** The file's real type from its first bytes; the name and the browser's claim are not trusted. */
export function sniffType(bytes: Buffer) {
  return SIGNATURES.find((s) => s.test(bytes)) ?? null;
}

/** A checked upload whose bytes are already in storage, waiting to be recorded in a transaction. */
export interface StagedUpload {
  id: string;
  storageKey: string;
  contentType: string;
  ext: string;
  sizeBytes: number;
  sha256: string;
}

/** Who an upload belongs to and who may read it: what its row says. */
export interface UploadMeta {
  ownerId: string;
  scope: string;
  originalName: string;
  visibility?: 'private' | 'public';
}

/** Staged bytes live under the day they were written, so the sweep lists only recent days. */
export const STAGED_PREFIX = 'by-day/';
export const stagedDayPrefix = (day: Date) => `${STAGED_PREFIX}${day.toISOString().slice(0, 10)}/`;

/**
 * Checks an upload and writes its bytes once, under a fresh key, BEFORE the transaction that
 * records it: `inTransaction` may run its work again (deadlock, serialization failure), and a
 * write inside it would be repeated or left behind. Bad files are refused before anything is
 * written. If the transaction then fails, the blob is referenced by no row and
 * `sweepUnreferencedUploads` removes it after a grace period.
 */
export async function stageUpload(storage: FileStorage, bytes: Buffer, accept: 'documents' | 'images', now = new Date()): Promise<StagedUpload> {
  const max = accept === 'images' ? MAX_IMAGE_BYTES : MAX_DOCUMENT_BYTES;
  if (bytes.length === 0) throw badRequest('file.empty');
  if (bytes.length > max) throw badRequest('file.too_large', { maxMb: Math.round(max / 1024 / 1024) });
  const sniffed = sniffType(bytes);
  if (!sniffed || (accept === 'images' && sniffed.kind !== 'image')) {
    throw badRequest(accept === 'images' ? 'file.not_image' : 'file.type_not_allowed');
  }
  // Every image is decoded before it is kept (and shown to others): bombs and broken files are refused.
  if (sniffed.kind === 'image') await checkImage(bytes);
  const id = randomUUID();
  const storageKey = `${stagedDayPrefix(now)}${id}.${sniffed.ext}`;
  await storage.put(storageKey, bytes);
  return { id, storageKey, contentType: sniffed.type, ext: sniffed.ext, sizeBytes: bytes.length, sha256: sha256(bytes) };
}

/** Records a staged upload in the caller's transaction; a retried transaction records it again, writing no bytes. */
export async function recordUpload(db: DbOrTx, staged: StagedUpload, meta: UploadMeta): Promise<StoredFile> {
  const [row] = await db.insert(storedFiles).values({
    id: staged.id, ownerId: meta.ownerId, scope: meta.scope, originalName: meta.originalName.slice(0, 200) || `file.${staged.ext}`,
    contentType: staged.contentType, sizeBytes: staged.sizeBytes, sha256: staged.sha256,
    storageKey: staged.storageKey, visibility: meta.visibility ?? 'private',
  }).returning();
  return row;
}

export async function getFileMeta(db: DbOrTx, id: string): Promise<StoredFile> {
  const [row] = await db.select().from(storedFiles).where(eq(storedFiles.id, id));
  if (!row) throw notFound('file.not_found');
  return row;
}

/** Hex SHA-256 of a file's bytes (exact-reuse checks). */
export const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

export const fileUrl = (id: string) => `/api/files/${id}`;

/** A picture to be shown publicly, stripped of its metadata; anything else is left for the upload check to refuse. */
export async function publicImage(bytes: Buffer): Promise<Buffer> {
  const type = sniffType(bytes);
  return type?.kind === 'image' ? reencodeWithoutMetadata(bytes, type.ext) : bytes;
}
