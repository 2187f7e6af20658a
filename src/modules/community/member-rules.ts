import { badRequest } from '../../platform/errors.js';

/** What a member may write about herself, and a leader about her, in characters. */
export const MEMBER_LIMITS = { displayNameMin: 1, displayNameMax: 20, doorNumberMax: 30, noteMax: 200 } as const;

const chars = (s: string) => Array.from(s).length;
/** Seven digits or more in a row (spaces, dashes and dots ignored) reads as a phone number. */
const looksLikePhone = (s: string) => /\d{7,}/.test(s.replace(/[\s\-.()（）]/g, ''));

/** Her name here (李阿姨): 1–20 characters, trimmed, never a phone number. */
export function checkDisplayName(raw: string): string {
  const name = raw.replace(/\s+/g, ' ').trim();
  if (chars(name) < MEMBER_LIMITS.displayNameMin || chars(name) > MEMBER_LIMITS.displayNameMax) throw badRequest('member.display_name_length');
  if (looksLikePhone(name)) throw badRequest('member.display_name_phone');
  return name;
}

/** Her 门牌 (3号楼2单元502): optional, at most 30 characters, never a phone number. */
export function checkDoorNumber(raw: string | null | undefined): string {
  const door = (raw ?? '').replace(/\s+/g, ' ').trim();
  if (chars(door) > MEMBER_LIMITS.doorNumberMax) throw badRequest('member.door_number_length');
  if (looksLikePhone(door)) throw badRequest('member.door_number_phone');
  return door;
}
