import canonicalize from 'canonicalize';

/** RFC 8785 (JCS) canonical JSON text of a value; throws on what JSON cannot hold (NaN, undefined at the top). */
export function canonicalJson(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) throw new TypeError('value has no JSON form');
  return text;
}

export function utf8(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** What one log entry says, as it becomes a leaf: `{"body":…,"id":…,"source":…,"v":1}` in RFC 8785 form. */
export interface LeafContent {
  source: string;
  id: string;
  body: Record<string, unknown>;
}

/** The canonical text whose UTF-8 bytes are hashed into the leaf. */
export function leafText(entry: LeafContent): string {
  return canonicalJson({ v: 1, source: entry.source, id: entry.id, body: entry.body });
}

/** Parses a leaf's text back, refusing anything that is not exactly its own canonical form. */
export function parseLeafText(text: string): LeafContent | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return null;
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
  const o = parsed as Record<string, unknown>;
  if (o.v !== 1 || typeof o.source !== 'string' || typeof o.id !== 'string' || !o.body || typeof o.body !== 'object' || Array.isArray(o.body)) return null;
  if (Object.keys(o).length !== 4) return null;
  const content = { source: o.source, id: o.id, body: o.body as Record<string, unknown> };
  let again: string;
  try {
    again = leafText(content);
  } catch {
    return null;
  }
  return again === text ? content : null;
}
