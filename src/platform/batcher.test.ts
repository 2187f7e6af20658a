import { describe, expect, it } from 'vitest';
import { Batcher } from './batcher.js';

/** A flush that records each batch and finishes when the test lets it. */
function recorder() {
  const batches: { key: string; reqs: number[] }[] = [];
  const release: (() => void)[] = [];
  const b = new Batcher<number, number>({
    windowMs: 1, maxBatch: 4,
    flush: (key, reqs) => {
      batches.push({ key, reqs });
      return new Promise((resolve) => release.push(() => resolve(reqs.map((r) => (r < 0 ? { ok: false, error: new Error(`bad ${r}`) } : { ok: true, value: r * 10 })))));
    },
  });
  return { b, batches, release };
}
const tick = () => new Promise((r) => setTimeout(r, 5));

describe('the batcher (group commit)', () => {
  it('gathers what arrives together, queues what arrives during a flush for the next one, and answers each request with its own outcome', async () => {
    const { b, batches, release } = recorder();
    const first = [1, 2, -3].map((n) => b.submit('hot', n).catch((e: Error) => e.message));
    await tick();
    expect(batches).toEqual([{ key: 'hot', reqs: [1, 2, -3] }]);
    // Arrivals while it commits wait for it, then go out together (at most 4 at a time), in arrival order.
    const second = [4, 5, 6, 7, 8].map((n) => b.submit('hot', n));
    const other = b.submit('cold', 9);
    await tick();
    expect(batches.map((x) => x.key)).toEqual(['hot', 'cold']);
    release.shift()!();
    expect(await Promise.all(first)).toEqual([10, 20, 'bad -3']);
    await tick();
    expect(batches.slice(2)).toEqual([{ key: 'hot', reqs: [4, 5, 6, 7] }]);
    release.shift()!(); // cold
    release.shift()!(); // hot 4..7
    await tick();
    expect(batches.slice(3)).toEqual([{ key: 'hot', reqs: [8] }]);
    release.shift()!();
    expect([await Promise.all(second), await other]).toEqual([[40, 50, 60, 70, 80], 90]);
  });

  it('a flush that throws fails only its own batch; the key keeps working', async () => {
    let calls = 0;
    const b = new Batcher<number, number>({ flush: async (_k, reqs) => { if (calls++ === 0) throw new Error('down'); return reqs.map((r) => ({ ok: true, value: r })); } });
    const failed = await Promise.allSettled([b.submit('k', 1), b.submit('k', 2)]);
    expect(failed.map((f) => f.status)).toEqual(['rejected', 'rejected']);
    expect(await b.submit('k', 3)).toBe(3);
  });
});
