import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../api-types.js';
import { contractProblems, operationsOf, validateOpenApi } from '../testing/api-contract.js';

describe('the OpenAPI description', async () => {
  const document = await openApiDocument();
  const operations = operationsOf(document);

  it('passes a standard OpenAPI validator', async () => {
    expect(await validateOpenApi(document)).toEqual({ valid: true });
  });

  it('declares for every operation its 2xx answer with a schema and its error answers', () => {
    expect(contractProblems(document, operations)).toEqual([]);
    // Every route file, health included: the count only grows.
    expect(operations.length).toBeGreaterThanOrEqual(170);
  });

  it('names its shared shapes as components', () => {
    const schemas = Object.keys((document.components as { schemas?: object } | undefined)?.schemas ?? {});
    expect(schemas).toEqual(expect.arrayContaining(['Error', 'Ok', 'Community']));
  });
});
