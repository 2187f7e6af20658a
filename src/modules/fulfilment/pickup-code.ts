// The resident's rotating pickup code and the 代取 pass code: pure functions, no database.
import { createHash, createHmac, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import { badRequest } from '../../platform/errors.js';

/** A code is valid for its own minute and the one after: a code seen a few minutes ago verifies nothing. */
export const STEP_SECONDS = 60;
const STEP_MS = STEP_SECONDS * 1000;
export const CODE_DIGITS = 8;

/** 32 random bytes, hex: the key only her account and the server hold. */
export const newPickupSecret = () => randomBytes(32).toString('hex');

export const stepOf = (now: Date) => Math.floor(now.getTime() / STEP_MS);
/** When the code of a step stops being shown (the server still accepts it for one more step). */
export const stepEndsAt = (step: number) => new Date((step + 1) * STEP_MS);

/** 8 digits from HMAC-SHA256(secret, `${communityId}:${step}`) with HOTP-style dynamic truncation. */
export function pickupCodeFor(secretHex: string, communityId: string, step: number): string {
  const mac = createHmac('sha256', Buffer.from(secretHex, 'hex')).update(`${communityId}:${step}`).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  const bin = ((mac[offset] & 0x7f) << 24) | (mac[offset + 1] << 16) | (mac[offset + 2] << 8) | mac[offset + 3];
  return String(bin % 10 ** CODE_DIGITS).padStart(CODE_DIGITS, '0');
}

/** The codes the server accepts now for a secret: this step's and the previous step's. */
export function acceptedCodes(secretHex: string, communityId: string, now: Date): string[] {
  const step = stepOf(now);
  return [pickupCodeFor(secretHex, communityId, step), pickupCodeFor(secretHex, communityId, step - 1)];
}

/** Constant-time comparison of two codes of the same format. */
export function sameCode(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Unambiguous letters and digits (no 0/O, 1/I/L): read aloud or typed from a message without mistakes. */
const PASS_LETTERS = 'ABCDEFGHJKMNPQRSTUVWXYZ';
const PASS_ALPHABET = `${PASS_LETTERS}23456789`;
export const PASS_LENGTH = 8;

/** A pass code: 8 characters, the first a letter, so it never looks like a pickup code. */
export function newPassCode(): string {
  let code = PASS_LETTERS[randomInt(PASS_LETTERS.length)];
  while (code.length < PASS_LENGTH) code += PASS_ALPHABET[randomInt(PASS_ALPHABET.length)];
  return code;
}

export const hashPassCode = (code: string) => createHash('sha256').update(`pickup-pass:${code}`).digest('hex');

export type TypedCode = { kind: 'code'; code: string } | { kind: 'pass'; code: string };

/**
 * What the leader typed or scanned: a rotating code (8 digits), a pass (8 letters/digits starting
 * with a letter), or the whole pickup URL from a QR code (…/pickup?code=… or ?pass=…).
 */
export function parseTypedCode(raw: string): TypedCode {
  const fromUrl = raw.match(/[?&](code|pass)=([A-Za-z0-9-]+)/);
  const text = (fromUrl ? fromUrl[2] : raw).replace(/[\s-]/g, '').toUpperCase();
  if (new RegExp(`^\\d{${CODE_DIGITS}}$`).test(text) && (!fromUrl || fromUrl[1] === 'code')) return { kind: 'code', code: text };
  const passRe = new RegExp(`^[${PASS_LETTERS}][${PASS_ALPHABET}]{${PASS_LENGTH - 1}}$`);
  if (passRe.test(text) && (!fromUrl || fromUrl[1] === 'pass')) return { kind: 'pass', code: text };
  throw badRequest('pickup.code_invalid');
}

/** The URL a resident's QR code carries: the leader's pickup page with the code filled in. */
export const pickupUrl = (baseUrl: string, communityId: string, typed: TypedCode) =>
  `${baseUrl}/leader/${communityId}/pickup?${typed.kind}=${typed.code}`;
