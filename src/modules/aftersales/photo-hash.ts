import type sharpModule from 'sharp';
import type { Sharp, Metadata } from 'sharp';
/** sharp takes a second or more to import: loaded by the first picture, not by every process that starts the app. */
const loadSharp = (): Promise<typeof sharpModule> => import('sharp').then((m) => m.default);
import exifReader from 'exif-reader';
import { badRequest } from '../../platform/errors.js';
import { zoneOffsetMs } from '../../platform/time.js';

/** Larger pictures than this (in pixels) are refused: a small file can still decode to gigabytes. */
const MAX_PIXELS = 50_000_000;

const SIZE = 32;
const LOW = 8;

// cos((2x+1)uπ / 2N) for the 32-point DCT, computed once.
const COS = Array.from({ length: LOW }, (_, u) => Array.from({ length: SIZE }, (_, x) => Math.cos(((2 * x + 1) * u * Math.PI) / (2 * SIZE))));

/**
 * The 64-bit perceptual hash (pHash) of greyscale 32×32 pixels: the 8×8 lowest frequencies of
 * the 2-D DCT, each bit "above the median". Recompression, resizing and brightness change move
 * few bits; a different picture differs in about half of them.
 */
export function phashOfPixels(pixels: Uint8Array | Buffer): bigint {
  const rows: number[][] = [];
  for (let y = 0; y < SIZE; y++) {
    const row: number[] = [];
    for (let u = 0; u < LOW; u++) {
      let s = 0;
      for (let x = 0; x < SIZE; x++) s += pixels[y * SIZE + x] * COS[u][x];
      row.push(s);
    }
    rows.push(row);
  }
  const coefficients: number[] = [];
  for (let v = 0; v < LOW; v++) {
    for (let u = 0; u < LOW; u++) {
      let s = 0;
      for (let y = 0; y < SIZE; y++) s += rows[y][u] * COS[v][y];
      coefficients.push(s);
    }
  }
  // The DC term is the average brightness: leave it out of the median.
  const sorted = coefficients.slice(1).sort((a, b) => a - b);
  const median = (sorted[31] + sorted[32]) / 2;
  let hash = 0n;
  for (let i = 0; i < 64; i++) if (coefficients[i] > median) hash |= 1n << BigInt(i);
  return BigInt.asIntN(64, hash);
}

/** Bits that differ between two hashes. */
export function hammingDistance(a: bigint, b: bigint): number {
  let x = BigInt.asUintN(64, a ^ b);
  let n = 0;
  while (x) { n += Number(x & 1n); x >>= 1n; }
  return n;
}

async function hashOf(image: Sharp): Promise<bigint> {
  const pixels = await image.greyscale().resize(SIZE, SIZE, { fit: 'fill' }).raw().toBuffer();
  return phashOfPixels(pixels);
}

export interface PhotoAnalysis {
  phash: bigint;
  phashMirror: bigint;
  phashCrop: bigint;
  /** When the camera says the photo was taken, read as local time in `timeZone`; null when absent. */
  takenAt: Date | null;
  thumbnail: Buffer;
  width: number;
  height: number;
}

/**
 * Decodes a claim photo: its three perceptual hashes (as is, mirrored, 80% centre crop — TRUST.md
 * §6), the EXIF capture time and a small thumbnail. A file that does not decode is not an image.
 */
export async function analysePhoto(bytes: Buffer, timeZone: string): Promise<PhotoAnalysis> {
  const sharp = await loadSharp();
  let meta: Metadata;
  try {
    meta = await sharp(bytes, { limitInputPixels: MAX_PIXELS }).metadata();
    if (!meta.width || !meta.height) throw new Error('no size');
  } catch {
    throw badRequest('file.not_image');
  }
  if (meta.width * meta.height > MAX_PIXELS) throw badRequest('claim.photo_too_many_pixels', { maxMp: MAX_PIXELS / 1_000_000 });
  try {
    // Decode once, upright and no larger than 1024 px (JPEG shrink-on-load makes this cheap);
    // every hash and the thumbnail come from these pixels.
    const { data, info } = await sharp(bytes, { limitInputPixels: MAX_PIXELS, failOn: 'error' }).rotate()
      .resize(1024, 1024, { fit: 'inside', withoutEnlargement: true }).raw().toBuffer({ resolveWithObject: true });
    const img = () => sharp(data, { raw: { width: info.width, height: info.height, channels: info.channels } });
    const cw = Math.max(1, Math.round(info.width * 0.8));
    const ch = Math.max(1, Math.round(info.height * 0.8));
    const [phash, phashMirror, phashCrop, thumbnail] = await Promise.all([
      hashOf(img()),
      hashOf(img().flop()),
      hashOf(img().extract({ left: Math.floor((info.width - cw) / 2), top: Math.floor((info.height - ch) / 2), width: cw, height: ch })),
      img().resize(480, 480, { fit: 'inside', withoutEnlargement: true }).webp({ quality: 72 }).toBuffer(),
    ]);
    const upright = (meta.orientation ?? 1) >= 5;
    return { phash, phashMirror, phashCrop, takenAt: exifTakenAt(meta.exif, timeZone), thumbnail, width: upright ? meta.height : meta.width, height: upright ? meta.width : meta.height };
  } catch (err) {
    if ((err as { status?: number }).status) throw err;
    throw badRequest('file.not_image');
  }
}

/** DateTimeOriginal (else DateTime) from EXIF; the camera writes local time without a zone. */
function exifTakenAt(exif: Buffer | undefined, timeZone: string): Date | null {
  if (!exif) return null;
  try {
    const tags = exifReader(exif) as { Photo?: { DateTimeOriginal?: Date }; Image?: { DateTime?: Date } };
    const local = tags.Photo?.DateTimeOriginal ?? tags.Image?.DateTime;
    if (!(local instanceof Date) || Number.isNaN(local.getTime())) return null;
    return new Date(local.getTime() - zoneOffsetMs(local, timeZone));
  } catch {
    // Damaged EXIF counts for nothing, like missing EXIF.
    return null;
  }
}
