import { badRequest } from '../../platform/errors.js';
import * as files from '../files/index.js';
import type { Tx } from '../../platform/db/client.js';
import type { FileStorage } from '../../platform/files/storage.js';

/**
 * The checks every text a neighbour writes passes: posts, comments and private messages to the
 * leader alike (one moderation, not one per feature). Text is kept as typed and rendered as text.
 */

/** Words refused anywhere a neighbour writes: gambling, fraud and illegal goods (*ours*, kept short on purpose). */
export const BLOCKED_WORDS = ['赌博', '博彩', '六合彩', '代开发票', '刷单', '裸聊', '毒品', '冰毒', '枪支', '高利贷', '套现'] as const;

/** The first blocked word in a text (spaces ignored, case-insensitive), or null. */
export function blockedWordIn(text: string): string | null {
  const t = text.replace(/\s+/g, '').toLowerCase();
  return BLOCKED_WORDS.find((w) => t.includes(w)) ?? null;
}

/** Trims (and normalises line ends) and checks the length; returns the text to store. */
export function cleanText(text: string | undefined, max: number, code: string, min = 1) {
  const t = (text ?? '').replace(/\r\n/g, '\n').trim();
  if (t.length < min || t.length > max) throw badRequest(code, { min, max });
  return t;
}

/**
 * What a neighbour publishes or sends: cleanText plus the blocked words. (A reason given when
 * reporting or hiding is only cleaned: it may well quote what it reports.)
 */
export function moderateText(text: string | undefined, max: number, code: string, min = 1) {
  const t = cleanText(text, max, code, min);
  const word = blockedWordIn(t);
  if (word) throw badRequest('feed.blocked_word', { word });
  return t;
}

export interface ImageUpload { filename: string; bytes: Buffer }

/** Checks every image, then writes their bytes, EXIF stripped (before the transaction that records them: see files.stageUpload). */
export async function stageImages(storage: FileStorage, images: ImageUpload[], max: number) {
  if (images.length > max) throw badRequest('feed.too_many_images', { max });
  for (const img of images) {
    const sniffed = files.sniffType(img.bytes);
    if (!sniffed || sniffed.kind !== 'image') throw badRequest('file.not_image');
    if (img.bytes.length > files.MAX_IMAGE_BYTES) throw badRequest('file.too_large', { maxMb: Math.round(files.MAX_IMAGE_BYTES / 1024 / 1024) });
  }
  const staged = [];
  for (const img of images) staged.push({ file: await files.stageUpload(storage, await files.publicImage(img.bytes), 'images'), name: img.filename });
  return staged;
}
export type StagedImages = Awaited<ReturnType<typeof stageImages>>;

/** Records staged images in the caller's transaction, readable by whoever the scope's owner allows. */
export async function recordImages(tx: Tx, staged: StagedImages, ownerId: string, scope: string) {
  const ids: string[] = [];
  for (const img of staged) ids.push((await files.recordUpload(tx, img.file, { ownerId, scope, originalName: img.name })).id);
  return ids;
}
