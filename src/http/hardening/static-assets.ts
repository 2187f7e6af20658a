import type { FastifyInstance } from 'fastify';
import compress from '@fastify/compress';
import type { FastifyStaticOptions } from '@fastify/static';
import path from 'node:path';
import zlib from 'node:zlib';

/** Worth compressing: HTML, CSS, JavaScript, JSON (the API too), SVG, XML, and WebAssembly (the QR reader's 1 MB shrinks by half). */
const COMPRESSIBLE = /^text\/|\/(?:javascript|json|xml|wasm)(?:;|$)|\+(?:json|xml)(?:;|$)/;

/**
 * Brotli or gzip (as the client accepts) for text answers of 1 KiB and more: the web app's
 * JavaScript is most of what a phone downloads before the login form. Brotli quality 5 costs
 * about what 4 (the plugin's default) does and saves another 7 % on the bundle; 11 would take
 * seconds per megabyte on every request.
 */
export async function registerCompression(app: FastifyInstance) {
  await app.register(compress, {
    global: true, threshold: 1024, encodings: ['br', 'gzip'], customTypes: COMPRESSIBLE,
    brotliOptions: { params: { [zlib.constants.BROTLI_PARAM_MODE]: zlib.constants.BROTLI_MODE_TEXT, [zlib.constants.BROTLI_PARAM_QUALITY]: 5 } },
  });
}

export const IMMUTABLE = 'public, max-age=31536000, immutable';

/**
 * How the built web app is served: Vite's hashed files under /assets/ never change under their
 * name, so browsers keep them a year without asking; everything else (index.html, which names
 * the current hashes, favicon, demo pictures) is revalidated on every use.
 */
export function webStaticOptions(root: string): FastifyStaticOptions {
  const assets = path.join(root, 'assets') + path.sep;
  return {
    root,
    wildcard: false,
    index: ['index.html'],
    cacheControl: false,
    setHeaders(res, file) {
      res.setHeader('cache-control', file.startsWith(assets) ? IMMUTABLE : 'no-cache');
    },
  };
}
