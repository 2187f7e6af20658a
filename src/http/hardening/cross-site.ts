import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../../config.js';
import { AppError } from '../../platform/errors.js';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Why a state-changing request looks sent by another site's page, or null. SameSite=Lax cookies
 * alone let a cross-site form POST (text/plain, no preflight) through, so: a browser's
 * Sec-Fetch-Site decides when present (it cannot be set by a page); older browsers send only
 * Origin, which must name this app (PUBLIC_BASE_URL or the Host the request came to). Requests
 * with neither — curl, servers, the payment provider's signed notification — are not a browser
 * acting for someone and pass.
 */
export function crossSiteReason(req: FastifyRequest, publicBaseUrl: string | undefined): string | null {
  const site = req.headers['sec-fetch-site'];
  // same-site is another origin too (a sibling subdomain can be someone else's); none is the user herself.
  if (site !== undefined) return site === 'same-origin' || site === 'none' ? null : `sec-fetch-site ${site}`;
  const origin = req.headers.origin;
  if (origin === undefined) return null;
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return `origin ${origin}`; // includes "null": sandboxed frames, data: pages
  }
  if (publicBaseUrl && host === new URL(publicBaseUrl).host) return null;
  // The request's own host (with a trusted proxy, X-Forwarded-Host): the page and the API it calls.
  return host === req.host.toLowerCase() ? null : `origin ${origin}`;
}

/** Refuses state-changing /api/ requests from other sites with 403 `request.cross_site`. */
export function registerCrossSiteCheck(app: FastifyInstance, config: Config) {
  app.addHook('onRequest', async (req) => {
    if (!STATE_CHANGING.has(req.method) || !req.url.startsWith('/api/')) return;
    // Read at request time: the e2e harness learns its address only after listening.
    const reason = crossSiteReason(req, config.publicBaseUrl);
    if (reason) {
      req.log.warn({ reason, url: req.url }, 'cross-site request refused');
      throw new AppError('request.cross_site', 403);
    }
  });
}
