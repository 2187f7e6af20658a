import { Validator } from '@seriousme/openapi-schema-validator';

/**
 * Test helpers for the OpenAPI contract: the operations, whether each declares its answers, and
 * whether the whole description is valid OpenAPI.
 */

type Json = Record<string, unknown>;
type Schema = Json & { $ref?: string; allOf?: Schema[]; type?: string };
type Response = { content?: Record<string, { schema?: Schema }> };
export type Operation = { method: string; path: string; responses: Record<string, Response> };

const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
const ERROR_REF = '#/components/schemas/Error';

/** Every operation of the description. */
export function operationsOf(doc: unknown): Operation[] {
  const paths = (doc as { paths: Record<string, Record<string, { responses?: Record<string, Response> }>> }).paths;
  return Object.entries(paths).flatMap(([path, item]) => METHODS.flatMap((method) => {
    const op = item[method];
    return op ? [{ method: method.toUpperCase(), path, responses: op.responses ?? {} }] : [];
  }));
}

const refersTo = (s: Schema | undefined, ref: string): boolean => Boolean(s && (s.$ref === ref || s.allOf?.some((x) => refersTo(x, ref))));

/**
 * What is missing from each operation's declared answers, in words: a 2xx answer with a real
 * schema (a component, an object or an array, not "anything"), the error answers every operation
 * gives (400, 401, 429), and the shared error body behind every 4xx/5xx. Empty when complete.
 */
export function contractProblems(doc: unknown, operations: Operation[]): string[] {
  const components = ((doc as { components?: { schemas?: Json } }).components?.schemas ?? {}) as Record<string, Schema>;
  const problems: string[] = [];
  for (const op of operations) {
    const name = `${op.method} ${op.path}`;
    const ok = Object.entries(op.responses).filter(([status]) => /^2\d\d$/.test(status));
    if (ok.length === 0) problems.push(`${name}: no 2xx answer`);
    for (const [status, res] of ok) {
      const content = Object.entries(res.content ?? {});
      if (content.length === 0) problems.push(`${name} ${status}: no content type`);
      for (const [type, { schema }] of content) {
        // A described component is written as allOf: [{ $ref }]: the component is the answer.
        const ref = schema?.$ref ?? (schema?.allOf?.length === 1 ? schema.allOf[0].$ref : undefined);
        const target = ref ? components[ref.replace('#/components/schemas/', '')] : schema;
        if (!target) problems.push(`${name} ${status} ${type}: schema missing or unresolved`);
        else if (type === 'application/json' && target.type !== 'object' && target.type !== 'array' && !target.anyOf && !target.oneOf) {
          problems.push(`${name} ${status}: JSON answer is not an object or array`);
        }
      }
    }
    for (const status of ['400', '401', '429']) if (!op.responses[status]) problems.push(`${name}: no ${status} answer`);
    for (const [status, res] of Object.entries(op.responses)) {
      if (/^[45]\d\d$/.test(status) && !refersTo(res.content?.['application/json']?.schema, ERROR_REF)) problems.push(`${name} ${status}: not the error body`);
    }
  }
  return problems;
}

/** Validates a whole description against the OpenAPI specification (and resolves its references). */
export async function validateOpenApi(doc: unknown): Promise<{ valid: boolean; errors?: unknown }> {
  const validator = new Validator();
  const result = await validator.validate(JSON.parse(JSON.stringify(doc)) as Json);
  return result.valid ? { valid: true } : { valid: false, errors: result.errors };
}
