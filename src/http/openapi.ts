import type { SwaggerTransformObject } from '@fastify/swagger';
import { jsonSchemaTransformObject } from 'fastify-type-provider-zod';
import type { OpenAPIV3 } from 'openapi-types';

/**
 * Adds the named zod schemas (`.meta({ id })`) to `components.schemas`, keeping only those the
 * operations reach: every named schema exists twice in the registry (as read and as written), and a
 * client should not be handed `…Input` twins of answers nobody sends.
 */
export const transformObject: SwaggerTransformObject = (documentObject) => {
  const doc = jsonSchemaTransformObject(documentObject) as OpenAPIV3.Document;
  const all = doc.components?.schemas ?? {};
  const reached = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string' && value.startsWith('#/components/schemas/')) {
        const name = value.slice('#/components/schemas/'.length);
        if (!reached.has(name)) {
          reached.add(name);
          visit(all[name]);
        }
      } else visit(value);
    }
  };
  visit(doc.paths);
  const schemas = Object.fromEntries(Object.entries(all).filter(([name]) => reached.has(name)).sort(([a], [b]) => a.localeCompare(b)));
  return { ...doc, components: { ...doc.components, schemas } };
};
