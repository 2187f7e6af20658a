import { InvalidInput } from './input-guard.js';

/**
 * PostgreSQL's data exceptions (class 22) that only a request's values can cause: a character the
 * encoding cannot hold (22021, 22P05), a number or date out of range (22003, 22008, 22009), text
 * that is not a number/uuid/date (22P02, 22007), a string too long for its column (22001). Other
 * codes of the class (division by zero, a bad regular expression of ours …) stay server errors.
 */
const INPUT_DATA_ERRORS = new Set(['22001', '22003', '22007', '22008', '22009', '22021', '22P02', '22P05']);

/** The SQLSTATE of a database error, looking through drizzle's wrapper (`cause`). */
export function sqlState(err: unknown): string | undefined {
  for (let e = err as { code?: unknown; cause?: unknown } | undefined, depth = 0; e && depth < 5; e = e.cause as typeof e, depth++) {
    if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
  }
  return undefined;
}

/**
 * A request's value the database refused, as a 400 (`request.invalid`); null for anything else.
 * The input guard refuses most of these before a query runs; this is the net under it (values
 * read by hand from multipart JSON, strings a route builds from its input).
 */
export function databaseInputError(err: unknown): InvalidInput | null {
  const state = sqlState(err);
  return state && INPUT_DATA_ERRORS.has(state) ? new InvalidInput('request.value_rejected') : null;
}
