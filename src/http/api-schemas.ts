import { z } from 'zod';

/**
 * Shapes every route's `schema.response` is built from, so the OpenAPI description declares each
 * operation's answers and a client can be generated from it.
 */

/** `{error:{code,message,details?}}`: `code` is stable, `message` is in the reader's language. */
export const errorBody = z
  .object({
    error: z.object({
      code: z.string(),
      message: z.string(),
      details: z.record(z.string(), z.unknown()).optional(),
    }),
  })
  .meta({ id: 'Error' });

const errorStatuses = {
  400: 'Bad input: nothing changed',
  401: 'Not signed in',
  403: 'Not allowed for this role',
  404: 'Not found (or not visible to this user)',
  409: 'Conflicts with the current state',
  413: 'Too large',
  422: 'Not processable',
  429: 'Too many requests',
  503: 'Temporarily unavailable',
} as const;
export type ErrorStatus = keyof typeof errorStatuses;

/** The error answers an operation may give; every operation declares at least 400, 401 and 429. */
export function errorResponses(...statuses: ErrorStatus[]) {
  const all = new Set<ErrorStatus>([400, 401, 429, 503, ...statuses]);
  return Object.fromEntries([...all].map((s) => [s, errorBody.describe(errorStatuses[s])])) as Record<ErrorStatus, typeof errorBody>;
}

/** `{ items: T[] }`, the shape of every list answer. */
export const itemsOf = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item) });

/**
 * An instant: ISO 8601 on the wire, a Date (or a timestamp string from raw SQL) in the handler.
 * A codec, because responses are encoded through their schemas.
 */
export const instant = z.codec(z.iso.datetime({ offset: true }), z.union([z.date(), z.string()]), {
  decode: (s) => new Date(s),
  encode: (d) => (d instanceof Date ? d : new Date(d)).toISOString(),
});

/** `{ ok: true }`: the answer of an action that has nothing else to say. */
export const okAnswer = z.object({ ok: z.literal(true) }).meta({ id: 'Ok' });

/** Bytes on the wire (a file, a spreadsheet, an image), for answers that are not JSON. */
export const binary = z.custom<Buffer>((v) => Buffer.isBuffer(v)).meta({ type: 'string', format: 'binary' });

/** A non-JSON answer: the same bytes under each of these content types. */
export const binaryAnswer = (description: string, ...contentTypes: string[]) => ({
  description,
  content: Object.fromEntries(contentTypes.map((type) => [type, { schema: binary }])),
});

/**
 * A calendar day, "YYYY-MM-DD" on the wire. A codec, because raw SQL hands a `date` column back as
 * text on PGlite and as a local-midnight Date on node-postgres.
 */
export const calendarDate = z.codec(z.iso.date(), z.union([z.string(), z.date()]), {
  decode: (s) => s,
  encode: (d) => typeof d === 'string' ? d.slice(0, 10)
    : `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`,
});
