import pg from 'pg';
import { randomBytes } from 'node:crypto';
import { type Database } from '../platform/db/client.js';
import { openAppDatabase } from '../db/open.js';
import { installReferenceData } from '../db/reference-data.js';
import { migratedPgliteDatabase, migratedTemplate } from './migrated.js';
import { buildApp } from '../app.js';
import { loadConfig, type Config } from '../config.js';
import { MemorySmsProvider } from '../modules/identity/sms.js';
import { SandboxPaymentProvider } from '../modules/payments/provider.js';
import { SandboxPayoutProvider } from '../modules/payouts/provider.js';
import { MemoryStorage } from '../platform/files/storage.js';
import type { AppContext } from '../http/context.js';
import { users } from '../modules/identity/schema.js';
import { createSession, findOrCreateUser } from '../modules/identity/service.js';
import { eq } from 'drizzle-orm';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const usesPostgres = () => process.env.TEST_DB === 'pg';

/**
 * A fresh, migrated database for one test file, with the reference data as openAppDatabase installs
 * it: an in-memory PGlite loaded from a migrated snapshot, or (TEST_DB=pg) a new database on the
 * PostgreSQL server copied from a migrated template (./migrated.ts), dropped again on close.
 */
export async function openTestDatabase(): Promise<Database> {
  if (!usesPostgres()) {
    const database = await migratedPgliteDatabase();
    await installReferenceData(database.db);
    return database;
  }
  const template = await migratedTemplate(TEST_DATABASE_URL);
  const name = `linli_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`create database ${name} template ${template}`);
  await admin.end();
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  // Migrating again finds nothing to do: it checks the copy is as current as the migrations.
  const database = await openAppDatabase({ url: url.toString(), poolSize: 40 });
  return {
    ...database,
    async close() {
      await database.close();
      const a = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await a.connect();
      await a.query(`drop database if exists ${name} with (force)`);
      await a.end();
    },
  };
}

/** A clock tests can move; everything time-dependent in the app reads it. */
export class TestClock {
  private offsetMs = 0;
  now = () => new Date(Date.now() + this.offsetMs);
  advance(ms: number) {
    this.offsetMs += ms;
  }
}

export interface TestApp {
  app: Awaited<ReturnType<typeof buildApp>>;
  ctx: AppContext;
  database: Database;
  sms: MemorySmsProvider;
  payments: SandboxPaymentProvider;
  payouts: SandboxPayoutProvider;
  storage: MemoryStorage;
  clock: TestClock;
  close(): Promise<void>;
}

export async function createTestApp(overrides: Partial<Config> = {}): Promise<TestApp> {
  const database = await openTestDatabase();
  const sms = new MemorySmsProvider();
  const payments = new SandboxPaymentProvider('test-secret');
  const clock = new TestClock();
  const config = { ...loadConfig({}), loginCodeResendSeconds: 0, ...overrides };
  const storage = new MemoryStorage();
  const payouts = new SandboxPayoutProvider('test-secret');
  const ctx: AppContext = { db: database.db, config, sms, payments, payouts, storage, now: clock.now };
  const app = await buildApp(ctx, { serveWeb: false });
  return { app, ctx, database, sms, payments, payouts, storage, clock, async close() { await app.close(); await database.close(); } };
}

let phoneSeq = 0;
/** A unique, valid mainland mobile number for a test user. */
export function testPhone(): string {
  phoneSeq += 1;
  return `137${String(process.pid % 10000).padStart(4, '0')}${String(phoneSeq).padStart(4, '0')}`;
}

/** Logs a user in without the SMS round trip; returns the Cookie header value. */
export async function sessionCookie(t: TestApp, opts: { phone?: string; name?: string; operator?: boolean } = {}): Promise<{ cookie: string; userId: string; phone: string }> {
  const phone = opts.phone ?? testPhone();
  const user = await findOrCreateUser(t.database.db, phone, opts.name ?? '');
  if (opts.operator) await t.database.db.update(users).set({ isOperator: true }).where(eq(users.id, user.id));
  const { token } = await createSession(t.database.db, user.id, 1);
  return { cookie: `linli_session=${token}`, userId: user.id, phone };
}
