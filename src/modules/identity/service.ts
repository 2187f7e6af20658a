import { and, desc, eq, gt, inArray, isNull, lt, sql } from 'drizzle-orm';
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';
import type { Db, DbOrTx } from '../../platform/db/client.js';
import { loginCodes, sessions, users } from './schema.js';
import { badRequest, tooMany } from '../../platform/errors.js';
import { translate, type Locale } from '../../platform/i18n.js';
import type { SmsProvider } from './sms.js';
import { announceSessionChange, type SessionCache, type SessionUser } from './session-cache.js';

const PHONE_RE = /^1[3-9]\d{9}$/;

export function normalizePhone(input: string): string {
  const phone = input.replace(/[\s-]/g, '').replace(/^\+?86/, '');
  if (!PHONE_RE.test(phone)) throw badRequest('auth.phone_invalid');
  return phone;
}

/** 138****5678: the only form in which one person's number is shown to another. */
export function maskPhone(phone: string): string {
  return phone.length === 11 ? `${phone.slice(0, 3)}****${phone.slice(7)}` : '****';
}

/**
 * A name or text as others (and she herself) may read it: a mobile number written into it (an
 * account named after its phone, say) is masked like any other phone.
 */
export function withoutPhones(text: string): string {
  return text.replace(/(?<!\d)1[3-9](?:[\s-]?\d){9}(?!\d)/g, (m) => maskPhone(m.replace(/[\s-]/g, '')));
}

/**
 * 李**: how a neighbour's name appears in lists others can read (接龙, labels, a leader's pick list):
 * enough to find her bag, not enough to learn who bought what. An unnamed account shows `fallback`.
 */
export function maskName(name: string | null | undefined, fallback: string): string {
  const first = name ? Array.from(name.trim())[0] : undefined;
  return first ? `${first}**` : fallback;
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** The sign-in settings identity needs from the app's configuration. */
export interface IdentityConfig {
  loginCodeTtlSeconds: number;
  loginCodeMaxAttempts: number;
  loginCodeResendSeconds: number;
  sessionDays: number;
}

/** Sends a 6-digit login code. Throttled per phone number. */
export async function requestLoginCode(db: Db, sms: SmsProvider, config: IdentityConfig, rawPhone: string): Promise<{ expiresInSeconds: number }> {
  const phone = normalizePhone(rawPhone);
  const [last] = await db.select({ createdAt: loginCodes.createdAt }).from(loginCodes)
    .where(eq(loginCodes.phone, phone)).orderBy(desc(loginCodes.createdAt)).limit(1);
  if (last) {
    const wait = Math.ceil(config.loginCodeResendSeconds - (Date.now() - last.createdAt.getTime()) / 1000);
    if (wait > 0) throw tooMany('auth.code_too_soon', { seconds: wait });
  }
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  await db.insert(loginCodes).values({
    phone,
    codeHash: sha256(`${phone}:${code}`),
    expiresAt: new Date(Date.now() + config.loginCodeTtlSeconds * 1000),
  });
  await sms.send(phone, translate('zh-CN', 'sms.login', { code, minutes: Math.round(config.loginCodeTtlSeconds / 60) }));
  return { expiresInSeconds: config.loginCodeTtlSeconds };
}

/**
 * Checks a code and opens a session. A wrong code costs an attempt; after the limit the code is
 * dead. The first successful login creates the user.
 */
export async function verifyLoginCode(db: Db, config: IdentityConfig, rawPhone: string, code: string): Promise<{ token: string; userId: string; expiresAt: Date }> {
  const phone = normalizePhone(rawPhone);
  const [row] = await db.select().from(loginCodes)
    .where(and(eq(loginCodes.phone, phone), isNull(loginCodes.usedAt), gt(loginCodes.expiresAt, new Date())))
    .orderBy(desc(loginCodes.createdAt)).limit(1);
  if (!row) throw badRequest('auth.code_expired');
  // The attempt is counted before the comparison, atomically, so parallel guesses cannot get
  // more checks than the limit allows.
  const [counted] = await db.update(loginCodes).set({ attempts: sql`${loginCodes.attempts} + 1` })
    .where(and(eq(loginCodes.id, row.id), lt(loginCodes.attempts, config.loginCodeMaxAttempts))).returning({ attempts: loginCodes.attempts });
  if (!counted) throw tooMany('auth.code_attempts_exceeded');
  const expected = Buffer.from(row.codeHash, 'hex');
  const given = Buffer.from(sha256(`${phone}:${String(code).trim()}`), 'hex');
  if (!timingSafeEqual(expected, given)) {
    const remaining = config.loginCodeMaxAttempts - counted.attempts;
    if (remaining <= 0) throw tooMany('auth.code_attempts_exceeded');
    throw badRequest('auth.code_invalid', { remaining });
  }
  const used = await db.update(loginCodes).set({ usedAt: new Date() })
    .where(and(eq(loginCodes.id, row.id), isNull(loginCodes.usedAt))).returning({ id: loginCodes.id });
  if (used.length === 0) throw badRequest('auth.code_expired');
  const user = await findOrCreateUser(db, phone);
  return { ...(await createSession(db, user.id, config.sessionDays)), userId: user.id };
}

export async function findOrCreateUser(db: DbOrTx, phone: string, name = ''): Promise<{ id: string }> {
  await db.insert(users).values({ phone, name }).onConflictDoNothing();
  const [user] = await db.select({ id: users.id }).from(users).where(eq(users.phone, phone));
  return user;
}

/** Makes a person a platform operator (the first operator is made at installation). */
export async function grantOperator(db: DbOrTx, userId: string): Promise<void> {
  await setOperator(db, userId, true);
}

/** Gives or takes the platform operator's role; every instance forgets the person's cached sign-ins. */
export async function setOperator(db: DbOrTx, userId: string, isOperator: boolean): Promise<void> {
  await db.update(users).set({ isOperator }).where(eq(users.id, userId));
  await announceSessionChange(db, { userId });
}

/** Keeps the age of an account brought over from before Linli (history imported at migration). */
export async function importAccountSince(db: DbOrTx, userId: string, createdAt: Date): Promise<void> {
  await db.update(users).set({ createdAt }).where(eq(users.id, userId));
}

/** Names a person who has no name yet (an appointed leader who never signed in); a chosen name stays. */
export async function nameIfUnnamed(db: DbOrTx, userId: string, name: string): Promise<void> {
  const named = await db.update(users).set({ name }).where(and(eq(users.id, userId), eq(users.name, ''))).returning({ id: users.id });
  if (named.length) await announceSessionChange(db, { userId });
}

export async function createSession(db: DbOrTx, userId: string, days: number): Promise<{ token: string; expiresAt: Date }> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(Date.now() + days * 86_400_000);
  await db.insert(sessions).values({ tokenHash: sha256(token), userId, expiresAt });
  return { token, expiresAt };
}

export type { SessionUser } from './session-cache.js';

/**
 * Who is signed in with this session token. With a cache, a session seen in the last few seconds
 * is answered from memory (see session-cache.ts for when entries go).
 */
export async function userForSession(db: Db, token: string | undefined, cache?: SessionCache): Promise<SessionUser | null> {
  if (!token) return null;
  const tokenHash = sha256(token);
  const hit = cache?.get(tokenHash);
  if (hit) return hit;
  const ticket = cache?.begin();
  const [row] = await db.select({ id: users.id, phone: users.phone, name: users.name, isOperator: users.isOperator, expiresAt: sessions.expiresAt })
    .from(sessions).innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, new Date())));
  if (!row) return null;
  const { expiresAt, ...user } = row;
  if (cache && ticket !== undefined) cache.store(ticket, tokenHash, user, expiresAt);
  return user;
}

/** Ends a session here and, through the announcement, on every other instance at once. */
export async function endSession(db: Db, token: string, cache?: SessionCache): Promise<void> {
  const tokenHash = sha256(token);
  await db.delete(sessions).where(eq(sessions.tokenHash, tokenHash));
  await announceSessionChange(db, { tokenHash });
  cache?.forgetSession(tokenHash);
}

const BIRTHDAY_RE = /^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export async function updateProfile(db: Db, userId: string, input: { name?: string; birthday?: string | null }, cache?: SessionCache): Promise<void> {
  if (input.birthday && !BIRTHDAY_RE.test(input.birthday)) throw badRequest('auth.birthday_invalid');
  await db.update(users).set({
    ...(input.name !== undefined ? { name: input.name.trim() } : {}),
    ...(input.birthday !== undefined ? { birthday: input.birthday } : {}),
  }).where(eq(users.id, userId));
  // Her name rides in the cached sign-in: other instances must not show the old one.
  if (input.name !== undefined) {
    await announceSessionChange(db, { userId });
    cache?.forgetUser(userId);
  }
}

/** The person's own profile facts (for her 我的 page): never shown to anyone else. */
export async function ownProfile(db: Db, userId: string) {
  const [row] = await db.select({ birthday: users.birthday }).from(users).where(eq(users.id, userId));
  return { birthday: row?.birthday ?? null };
}

/**
 * Names to show beside what people wrote or signed up for — never phone numbers; someone who
 * has not given a name is shown as 「邻居」 (in the reader's language).
 */
export async function displayNames(db: DbOrTx, ids: string[], locale: Locale = 'zh-CN'): Promise<(id: string) => string> {
  const unique = [...new Set(ids)];
  const rows = unique.length ? await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, unique)) : [];
  const unnamed = translate(locale, 'people.unnamed');
  const names = new Map(rows.map((r) => [r.id, withoutPhones(r.name) || unnamed]));
  return (id) => names.get(id) ?? unnamed;
}
