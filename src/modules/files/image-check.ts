import type sharpModule from 'sharp';
/** sharp takes a second or more to import: loaded by the first picture, not by every process that starts the app. */
const loadSharp = (): Promise<typeof sharpModule> => import('sharp').then((m) => m.default);
import { badRequest } from '../../platform/errors.js';

/**
 * Larger pictures than this (in pixels) are refused: a small file can declare huge dimensions and
 * decode to gigabytes (a decompression bomb). The same limit as claim photos (photo-hash.ts).
 */
export const MAX_IMAGE_PIXELS = 50_000_000;

/**
 * Decodes an image the way a viewer would, before it is kept: its first bytes only say what it
 * claims to be. Refused with a 400: more pixels than MAX_IMAGE_PIXELS (read from the header,
 * before any decoding), and anything that does not decode to the end (truncated or damaged).
 * The decode is scaled down (JPEG shrink-on-load) but still reads every byte of the image data.
 */
export async function checkImage(bytes: Buffer): Promise<{ width: number; height: number }> {
  const sharp = await loadSharp();
  let width = 0;
  let height = 0;
  try {
    ({ width = 0, height = 0 } = await sharp(bytes, { limitInputPixels: false }).metadata());
  } catch {
    throw badRequest('file.image_unreadable');
  }
  if (!width || !height) throw badRequest('file.image_unreadable');
  if (width * height > MAX_IMAGE_PIXELS) throw badRequest('file.too_many_pixels', { maxMp: MAX_IMAGE_PIXELS / 1_000_000 });
  try {
    await sharp(bytes, { limitInputPixels: MAX_IMAGE_PIXELS, failOn: 'error' }).resize(256, 256, { fit: 'inside', withoutEnlargement: true }).raw().toBuffer();
  } catch {
    throw badRequest('file.image_unreadable');
  }
  return { width, height };
}

/**
 * The same picture without what the camera wrote into it (EXIF: the GPS position of a leader's
 * kitchen, the phone, the time): decoded, turned upright and encoded again in its own format.
 * For pictures everyone can see; claim photos keep their metadata for the photo checks.
 */
export async function reencodeWithoutMetadata(bytes: Buffer, ext: string): Promise<Buffer> {
  await checkImage(bytes);
  const sharp = await loadSharp();
  const image = sharp(bytes, { limitInputPixels: MAX_IMAGE_PIXELS }).rotate();
  const encoded = ext === 'png' ? image.png() : ext === 'webp' ? image.webp({ quality: 88 }) : image.jpeg({ quality: 88 });
  return encoded.toBuffer();
}
