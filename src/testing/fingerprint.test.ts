import { afterAll, beforeAll, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from './app.js';
import { databaseFingerprint } from './fingerprint.js';

let t: TestApp;
beforeAll(async () => { t = await createTestApp(); });
afterAll(async () => { await t.close(); });

it('a fingerprint changes when any row of any table changes, and only then', async () => {
  const before = await databaseFingerprint(t);
  expect(await databaseFingerprint(t)).toEqual(before);
  await t.database.db.execute(sql`insert into users (phone, name) values ('13900000991', '指纹')`);
  const after = await databaseFingerprint(t);
  expect(after.users).not.toBe(before.users);
  expect({ ...after, users: before.users }).toEqual(before);
});
