import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../testing/app.js';
import { contractProblems, operationsTagged, validateOpenApi } from '../testing/api-contract.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await t.app.ready();
});
afterAll(async () => { await t?.close(); });

describe('the metrics API contract', () => {
  it('declares the answers of all 7 metrics operations, in a valid OpenAPI description', async () => {
    const doc = t.app.swagger();
    const operations = operationsTagged(doc, 'metrics');
    expect(operations).toHaveLength(7);
    expect(contractProblems(doc, operations)).toEqual([]);
    expect(await validateOpenApi(doc)).toEqual({ valid: true });
  });
});
