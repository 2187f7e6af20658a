import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, sessionCookie, type TestApp } from '../testing/app.js';
import { buildWorld, call, type Actor } from '../testing/world.js';
import { databaseFingerprint } from '../testing/fingerprint.js';

/**
 * The members endpoints called by people who may not use them: an anonymous caller, an outsider,
 * a resident (her own community's directory and notes), a leader of another community. Each gets
 * 401/403/404 and the database is exactly as before.
 */
let t: TestApp;
let w: Awaited<ReturnType<typeof buildWorld>>;
let outsider: Actor;
let otherLeader: Actor;

beforeAll(async () => {
  t = await createTestApp();
  w = await buildWorld(t, { residents: 2 });
  outsider = await sessionCookie(t, { name: '外人' });
  otherLeader = await sessionCookie(t, { name: '别的团长' });
  const other = await call(t, w.operator, 'POST', '/api/communities', { name: '别处', address: 'x', timeZone: 'Asia/Shanghai', pickupPointName: 'a', pickupPointAddress: 'b', pickupHours: '08:00-20:00' });
  await call(t, w.operator, 'POST', `/api/communities/${other.body.id}/leaders`, { phone: otherLeader.phone, name: '李叔', title: '' });
});
afterAll(() => t.close());

describe('members: role boundaries', () => {
  it('refuses the directory, notes and someone else\'s profile to everyone but this community\'s leaders and operators; nothing changes', async () => {
    const cid = w.community.id;
    const her = w.residents[0].userId;
    const probes: [string, Actor | null, string, string, unknown, number[]][] = [
      ['anonymous directory', null, 'GET', `/api/communities/${cid}/members/directory`, undefined, [401]],
      ['outsider directory', outsider, 'GET', `/api/communities/${cid}/members/directory`, undefined, [403]],
      ['resident directory', w.residents[1], 'GET', `/api/communities/${cid}/members/directory?q=居民`, undefined, [403]],
      ['other leader directory', otherLeader, 'GET', `/api/communities/${cid}/members/directory`, undefined, [403]],
      ['anonymous note', null, 'PUT', `/api/communities/${cid}/members/${her}/note`, { note: 'x' }, [401]],
      ['outsider note', outsider, 'PUT', `/api/communities/${cid}/members/${her}/note`, { note: 'x' }, [403]],
      ['resident note on a neighbour', w.residents[1], 'PUT', `/api/communities/${cid}/members/${her}/note`, { note: 'x' }, [403]],
      ['resident note on herself', w.residents[0], 'PUT', `/api/communities/${cid}/members/${her}/note`, { note: 'x' }, [403]],
      ['other leader note', otherLeader, 'PUT', `/api/communities/${cid}/members/${her}/note`, { note: 'x' }, [403]],
      ['anonymous profile', null, 'GET', `/api/communities/${cid}/me`, undefined, [401]],
      ['outsider profile', outsider, 'GET', `/api/communities/${cid}/me`, undefined, [404]],
      ['outsider changes a profile', outsider, 'PATCH', `/api/communities/${cid}/me`, { displayName: '冒名', doorNumber: '1号楼' }, [404]],
      ['other leader changes a profile', otherLeader, 'PATCH', `/api/communities/${cid}/me`, { displayName: '冒名' }, [404]],
      ['anonymous join', null, 'POST', `/api/invites/${w.community.inviteCode}/join`, { displayName: '李阿姨' }, [401]],
    ];
    const before = await databaseFingerprint(t);
    const got = [];
    for (const [name, actor, method, url, body] of probes) got.push([name, (await call(t, actor, method, url, body)).status]);
    expect(got).toEqual(probes.map(([name, , , , , statuses]) => [name, statuses[0]]));
    expect(await databaseFingerprint(t)).toEqual(before);
  });
});
