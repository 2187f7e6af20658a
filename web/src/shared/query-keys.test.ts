import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as factories from './query-keys';

const webSrc = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [full] : [];
  });
}

type Key = readonly unknown[];
type Factory = Record<string, Key | ((...args: string[]) => Key)>;
const startsWith = (key: Key, prefix: Key) => prefix.length <= key.length && prefix.every((part, i) => key[i] === part);

/** Every key each factory makes, called with sample arguments ('a', 'b', …). */
function everyKey(): { name: string; key: Key }[] {
  return Object.entries(factories as unknown as Record<string, Factory>).flatMap(([factory, f]) =>
    Object.entries(f).map(([member, make]) => ({
      name: `${factory}.${member}`,
      key: typeof make === 'function' ? make(...['a', 'b', 'c', 'd', 'e'].slice(0, Math.max(make.length, 1))) : make,
    })));
}

describe('query keys', () => {
  it('are never written inline: every queryKey and cache read or write under web/src goes through a factory', () => {
    const inline = /queryKey:\s*\[|(?:setQueryData|getQueryData|setQueriesData|fetchQuery|prefetchQuery|ensureQueryData)\s*(?:<[^>]*>)?\(\s*\[/;
    const offenders = sourceFiles(webSrc)
      .filter((file) => !file.endsWith(path.join('shared', 'query-keys.ts')))
      .flatMap((file) => readFileSync(file, 'utf8').split('\n')
        .map((line, i) => (inline.test(line) ? `${path.relative(webSrc, file)}:${i + 1}: ${line.trim()}` : null))
        .filter((x): x is string => x !== null));
    expect(offenders).toEqual([]);
  });

  it('start with their domain prefix, so invalidating a factory\'s `all` reaches every key it makes', () => {
    for (const [factory, f] of Object.entries(factories as unknown as Record<string, Factory>)) {
      const all = f.all as Key;
      expect(Array.isArray(all), `${factory}.all`).toBe(true);
      for (const { name, key } of everyKey().filter((k) => k.name.startsWith(`${factory}.`))) {
        expect(startsWith(key, all), name).toBe(true);
      }
    }
  });

  it('have one prefix per domain, none inside another domain', () => {
    const roots = Object.values(factories as unknown as Record<string, Factory>).map((f) => f.all as Key);
    for (const a of roots) for (const b of roots) if (a !== b) expect(startsWith(a, b), `${a} under ${b}`).toBe(false);
  });

  it('differ between members: two members never make the same key from the same arguments', () => {
    const seen = new Map<string, string>();
    for (const { name, key } of everyKey()) {
      const id = JSON.stringify(key);
      expect(seen.get(id), `${name} repeats ${seen.get(id)}`).toBeUndefined();
      seen.set(id, name);
    }
  });

  it('nest the lists a mutation refreshes under the prefix it invalidates', () => {
    const { groupBuyKeys, claimKeys, guaranteeKeys, feedKeys, eventKeys, handoverKeys, meKeys, supplierKeys, batchKeys, purchaseOrderKeys, trainingKeys, leaderKeys, communityKeys } = factories;
    const under: [Key, Key][] = [
      // A new or changed group buy refreshes the residents' home and the leader's dashboard of that community.
      [groupBuyKeys.list('c1', 'current'), groupBuyKeys.community('c1')],
      [groupBuyKeys.pickable('c1'), groupBuyKeys.community('c1')],
      [groupBuyKeys.orders('g1'), groupBuyKeys.detail('g1')],
      [groupBuyKeys.rollCall('g1', 'v2'), groupBuyKeys.rollCall('g1')],
      [claimKeys.detail('k1', 'en'), claimKeys.claim('k1')],
      [claimKeys.inbox('c1', 'open', 'en'), claimKeys.community('c1')],
      [claimKeys.summary('c1'), claimKeys.community('c1')],
      [claimKeys.queuePage('escalated', 2), claimKeys.queue()],
      // A new rule version refreshes the console's list, its versions and the public reading.
      [guaranteeKeys.publicRules('zh-CN'), guaranteeKeys.rules()],
      [guaranteeKeys.versions('r1'), guaranteeKeys.consoleRules()],
      [guaranteeKeys.fundPage(3), guaranteeKeys.fund()],
      [feedKeys.list('c1', 'all'), feedKeys.community('c1')],
      [feedKeys.reports('c1'), feedKeys.reportsAll()],
      [feedKeys.reports(), feedKeys.reportsAll()],
      [eventKeys.list('c1', 'past'), eventKeys.community('c1')],
      [eventKeys.attendees('e1'), eventKeys.detail('e1')],
      [handoverKeys.pickList('c1', '2026-11-26'), handoverKeys.community('c1')],
      [handoverKeys.awaiting(), handoverKeys.all],
      [meKeys.trust(), meKeys.all],
      [supplierKeys.products('s1'), supplierKeys.detail('s1')],
      [batchKeys.supplierList('s1', 'all', ''), batchKeys.ofSupplier('s1')],
      [batchKeys.review('pending'), batchKeys.lists()],
      [purchaseOrderKeys.supplierList('s1', 'pending'), purchaseOrderKeys.ofSupplier('s1')],
      [purchaseOrderKeys.everySupplier('all'), purchaseOrderKeys.lists()],
      [trainingKeys.grants('h1', 'en'), trainingKeys.grants('h1')],
      [trainingKeys.honoursList('en'), trainingKeys.honours()],
      [leaderKeys.profile('c1', 'u1', 'en'), leaderKeys.profiles()],
      [communityKeys.members('c1'), communityKeys.all],
    ];
    for (const [key, prefix] of under) expect(startsWith(key, prefix), `${JSON.stringify(key)} under ${JSON.stringify(prefix)}`).toBe(true);

    const apart: [Key, Key][] = [
      // patchPost rewrites every feed list as pages of posts: a post or the reports must not be among them.
      [feedKeys.post('p1'), feedKeys.lists()],
      [feedKeys.questions('c1'), feedKeys.lists()],
      [feedKeys.reports('c1'), feedKeys.lists()],
      // Refreshing lists after a change leaves the detail just written into the cache alone.
      [eventKeys.detail('e1'), eventKeys.lists()],
      [trainingKeys.consoleCourse('x1'), trainingKeys.consoleCourses()],
      [factories.orderKeys.detail('o1'), factories.orderKeys.list()],
      [claimKeys.detail('k1', 'en'), claimKeys.queue()],
    ];
    for (const [key, prefix] of apart) expect(startsWith(key, prefix), `${JSON.stringify(key)} under ${JSON.stringify(prefix)}`).toBe(false);
  });
});
