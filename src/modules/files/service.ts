import { eq } from 'drizzle-orm';
import { createHash, randomUUID } from 'node:crypto';
import type { Db, DbOrTx } from '../../db/client.js';
import { storedFiles } from './schema.js';
import { badRequest, notFound } from '../../shared/errors.js';
import type { FileStorage } from './storage.js';
import { checkImage } from './image-check.js';

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

export interface UploadInput {
  ownerId: string;
  scope: string;
  originalName: string;
  bytes: Buffer;
  /** documents: PDF or image; images: JPEG/PNG/WebP only. */
  accept: 'documents' | 'images';
  visibility?: 'private' | 'public';
}

/** Checks (images are decoded) and stores an upload; bad files are refused before anything is written. */
export async function saveUpload(db: DbOrTx, storage: FileStorage, input: UploadInput): Promise<StoredFile> {
  const max = input.accept === 'images' ? MAX_IMAGE_BYTES : MAX_DOCUMENT_BYTES;
  if (input.bytes.length === 0) throw badRequest('file.empty');
  if (input.bytes.length > max) throw badRequest('file.too_large', { maxMb: Math.round(max / 1024 / 1024) });
  const sniffed = sniffType(input.bytes);
  if (!sniffed || (input.accept === 'images' && sniffed.kind !== 'image')) {
    throw badRequest(input.accept === 'images' ? 'file.not_image' : 'file.type_not_allowed');
  }
  // Every image is decoded before it is kept (and shown to others): bombs and broken files are refused.
  if (sniffed.kind === 'image') await checkImage(input.bytes);
  const id = randomUUID();
  const storageKey = `${id.slice(0, 2)}/${id}.${sniffed.ext}`;
  await storage.put(storageKey, input.bytes);
  const [row] = await db.insert(storedFiles).values({
    id, ownerId: input.ownerId, scope: input.scope, originalName: input.originalName.slice(0, 200) || `file.${sniffed.ext}`,
    contentType: sniffed.type, sizeBytes: input.bytes.length, sha256: createHash('sha256').update(input.bytes).digest('hex'),
    storageKey, visibility: input.visibility ?? 'private',
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
