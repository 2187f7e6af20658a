import type { FastifyInstance, FastifyRequest, FastifySchemaCompiler } from 'fastify';
import { validatorCompiler } from 'fastify-type-provider-zod';
import { AppError } from '../../platform/errors.js';
import { translate, type Locale } from '../../platform/i18n.js';

/**
 * A refused input: code `request.invalid` like every other validation failure, with its own
 * message saying what was wrong (a NUL, a date PostgreSQL cannot store, a number beyond int4 …).
 */
export class InvalidInput extends AppError {
  constructor(private readonly messageKey: string, params: Record<string, string | number> = {}) {
    super('request.invalid', 400, params);
  }
  override message_(locale: Locale): string {
    return translate(locale, `errors.${this.messageKey}`, this.params);
  }
}

/** The largest magnitude a number in a request may have: PostgreSQL's integer, what our columns hold. */
export const MAX_INPUT_NUMBER = 2_147_483_647;
/** Dates PostgreSQL stores and ISO 8601 writes with four digits (drizzle sends `toISOString()`). */
const MIN_YEAR = 1;
const MAX_YEAR = 9999;

const where = (path: (string | number)[]) => path.join('.') || 'body';

/**
 * The first string (or key) under `value` that PostgreSQL cannot store, with why: a NUL, or
 * broken UTF-16 (a lone surrogate from a JSON "\ud800" escape, which jsonb refuses).
 */
export function findUnstorable(value: unknown, path: (string | number)[] = [], depth = 0): { field: string; messageKey: string } | null {
  if (typeof value === 'string') return unstorable(value) ? { field: where(path), messageKey: unstorable(value)! } : null;
  if (depth > 64 || value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return null;
  for (const [k, v] of Object.entries(value)) {
    if (unstorable(k)) return { field: where([...path, printable(k)]), messageKey: unstorable(k)! };
    const found = findUnstorable(v, [...path, Array.isArray(value) ? Number(k) : k], depth + 1);
    if (found) return found;
  }
  return null;
}

// A surrogate without its pair (String.prototype.isWellFormed is not in our ES2022 lib).
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const unstorable = (s: string) => (s.includes('\0') ? 'request.nul_character' : LONE_SURROGATE.test(s) ? 'request.broken_unicode' : null);
const printable = (s: string) => s.replace(/\0/g, '\\0').replace(new RegExp(LONE_SURROGATE.source, 'g'), '\uFFFD');
const refuse = (found: { field: string; messageKey: string }) => new InvalidInput(found.messageKey, { field: found.field });

/** A date or number in parsed input that the database could not store, as a refusal. */
export function outOfRange(value: unknown, path: (string | number)[] = [], depth = 0): InvalidInput | null {
  if (value instanceof Date) {
    const year = value.getUTCFullYear();
    return Number.isNaN(year) || year < MIN_YEAR || year > MAX_YEAR ? new InvalidInput('request.date_out_of_range', { field: where(path) }) : null;
  }
  if (typeof value === 'number') {
    return Math.abs(value) > MAX_INPUT_NUMBER ? new InvalidInput('request.number_out_of_range', { field: where(path), max: MAX_INPUT_NUMBER }) : null;
  }
  if (depth > 64 || value === null || typeof value !== 'object' || Buffer.isBuffer(value)) return null;
  for (const [k, v] of Object.entries(value)) {
    const found = outOfRange(v, [...path, Array.isArray(value) ? Number(k) : k], depth + 1);
    if (found) return found;
  }
  return null;
}

/**
 * The zod validator of every route schema, then the bounds no schema has to repeat: dates within
 * years 1–9999 and numbers within ±2^31−1. One place instead of a bounded helper in 150 schemas.
 */
export const boundedValidatorCompiler: FastifySchemaCompiler<unknown> = (route) => {
  const validate = validatorCompiler(route as Parameters<typeof validatorCompiler>[0]);
  return (data: unknown) => {
    const result = validate(data);
    if (result && typeof result === 'object' && 'value' in result) {
      const refused = outOfRange(result.value, route.httpPart === 'body' ? [] : [route.httpPart ?? '']);
      if (refused) return { error: refused };
    }
    return result;
  };
};

/**
 * Refuses NUL characters and broken Unicode in path parameters, the query and the body before
 * any route sees them (PostgreSQL rejects them mid-query, which used to surface as a 500), and in
 * every multipart field, file name and JSON-holding field as the route reads the parts.
 */
export function registerInputGuard(app: FastifyInstance) {
  app.addHook('preValidation', async (req) => {
    for (const value of [req.params, req.query, req.body]) {
      const found = findUnstorable(value);
      if (found) throw refuse(found);
    }
    if (req.isMultipart()) guardMultipart(req);
  });

  // A PATCH that names nothing to change (`{}`, or only fields the schema drops) is a client error.
  app.addHook('preHandler', async (req) => {
    if (req.method !== 'PATCH' || !req.routeOptions.schema?.body) return;
    const body = req.body as Record<string, unknown> | undefined | null;
    if (!body || (typeof body === 'object' && Object.values(body).every((v) => v === undefined))) {
      throw new InvalidInput('request.nothing_to_change');
    }
  });
}

/** Every part a route reads from `req.parts()` is checked: its name, file name, text and any JSON in it. */
function guardMultipart(req: FastifyRequest) {
  const parts = req.parts.bind(req);
  req.parts = ((options?: Parameters<typeof req.parts>[0]) => checked(parts(options))) as typeof req.parts;
}

async function* checked<T extends { fieldname: string; type: string; filename?: string; value?: unknown }>(parts: AsyncIterableIterator<T>): AsyncIterableIterator<T> {
  for await (const part of parts) {
    const found = findUnstorable(part.fieldname)
      ?? (part.type === 'file' ? findUnstorable(part.filename ?? '', [`${printable(part.fieldname)}.filename`]) : findUnstorable(part.value, [printable(part.fieldname)]))
      ?? (part.type === 'field' ? inJson(part.value, part.fieldname) : null);
    if (found) throw refuse({ ...found, field: found.field === 'body' ? printable(part.fieldname) : found.field });
    yield part;
  }
}

/** A text field holding JSON (the feed's `payload`) is looked into as well: its escapes can spell a NUL. */
function inJson(value: unknown, fieldname: string) {
  if (typeof value !== 'string' || !/^\s*[[{]/.test(value)) return null;
  try {
    return findUnstorable(JSON.parse(value), [printable(fieldname)]);
  } catch {
    return null; // not JSON after all: the route says so
  }
}
