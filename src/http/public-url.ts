import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import { badRequest } from '../platform/errors.js';

// A host name or address with an optional port; anything else in Host/X-Forwarded-Host is refused.
const HOST = /^(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)*|\[[0-9a-f:.]+\])(?::\d{1,5})?$/i;

/**
 * The address people reach the app at, for shared links and QR codes: PUBLIC_BASE_URL when
 * configured; otherwise the request's own (X-Forwarded-Proto/-Host from a trusted proxy, else
 * the Host it was sent to) — so a phone that opened http://192.168.1.20:3000 shares that.
 */
export function publicBaseUrl(req: FastifyRequest, config: Pick<Config, 'publicBaseUrl'>): string {
  if (config.publicBaseUrl) return config.publicBaseUrl;
  const host = req.host;
  if (!HOST.test(host)) throw badRequest('request.invalid', { detail: 'Host' });
  return `${req.protocol === 'https' ? 'https' : 'http'}://${host.toLowerCase()}`;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The app's public address for links and QR codes in this answer (see publicBaseUrl). */
    publicBaseUrl(): string;
  }
}

/** Gives every request `req.publicBaseUrl()`, so routes anywhere build links without importing http/. */
export function registerPublicBaseUrl(app: FastifyInstance, config: Pick<Config, 'publicBaseUrl'>) {
  app.decorateRequest('publicBaseUrl', function (this: FastifyRequest) {
    return publicBaseUrl(this, config);
  });
}
