import { z } from 'zod';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { asZod, type AppContext } from './context.js';
import { getFileMeta } from '../modules/files/index.js';
import { notFound, badRequest } from '../platform/errors.js';
import { binaryAnswer, errorResponses } from './api-schemas.js';

/** Who may read a private file is decided by the module that owns its scope. */
export type FileAccessCheck = (ctx: AppContext, scope: string, user: { id: string; isOperator: boolean }) => Promise<boolean>;
const accessChecks: FileAccessCheck[] = [];
export function registerFileAccess(check: FileAccessCheck) {
  accessChecks.push(check);
}

export function fileRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = asZod(app);
  r.get('/api/files/:id', {
    schema: {
      tags: ['files'], params: z.object({ id: z.uuid() }),
      response: { 200: binaryAnswer('The stored file, as uploaded', 'application/pdf', 'image/jpeg', 'image/png', 'image/webp'), ...errorResponses(404) },
    },
  }, async (req, reply) => {
    const file = await getFileMeta(ctx.db, req.params.id);
    if (file.visibility !== 'public') {
      const user = req.user;
      const allowed = user && (user.isOperator || file.ownerId === user.id || (await Promise.all(accessChecks.map((c) => c(ctx, file.scope, user)))).some(Boolean));
      // Not yours: answered as if it did not exist.
      if (!allowed) throw notFound('file.not_found');
    }
    const bytes = await ctx.storage.get(file.storageKey);
    reply.header('content-type', file.contentType);
    reply.header('content-disposition', `inline; filename*=UTF-8''${encodeURIComponent(file.originalName)}`);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('cache-control', 'private, max-age=3600');
    return reply.send(bytes);
  });
}

export interface UploadedPart {
  filename: string;
  bytes: Buffer;
}

/**
 * Reads a multipart request: text fields and the files. Size limits are enforced while reading,
 * so an oversized upload is refused without being buffered whole.
 */
export async function readMultipart(req: FastifyRequest, maxFileBytes: number, maxFiles = 9): Promise<{ fields: Record<string, string>; files: UploadedPart[] }> {
  if (!req.isMultipart()) throw badRequest('file.multipart_required');
  const fields: Record<string, string> = {};
  const files: UploadedPart[] = [];
  for await (const part of req.parts({ limits: { fileSize: maxFileBytes, files: maxFiles, fields: 30, fieldSize: 10_000 } })) {
    if (part.type === 'file') {
      const bytes = await part.toBuffer().catch((err: { code?: string }) => {
        if (err.code === 'FST_REQ_FILE_TOO_LARGE') throw badRequest('file.too_large', { maxMb: Math.round(maxFileBytes / 1024 / 1024) });
        throw err;
      });
      files.push({ filename: part.filename, bytes });
    } else {
      fields[part.fieldname] = String(part.value);
    }
  }
  return { fields, files };
}
