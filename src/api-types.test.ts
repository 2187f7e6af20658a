import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { API_TYPES_FILE, apiTypesSource, openApiDocument } from './api-types.js';

describe('the web app’s generated API types', () => {
  it('are what the server describes now (run `npm run api:types` after changing a route’s schema)', async () => {
    const fresh = await apiTypesSource(await openApiDocument());
    const committed = readFileSync(API_TYPES_FILE, 'utf8');
    // A readable failure: the first line that differs, not two 7,000-line strings.
    const a = committed.split('\n');
    const b = fresh.split('\n');
    const at = a.findIndex((line, i) => line !== b[i]);
    expect(at === -1 && a.length === b.length ? null : { line: at + 1, committed: a[at], server: b[at] }).toBeNull();
  });
});
