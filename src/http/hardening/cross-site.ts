import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../../config.js';
import { AppError } from '../../shared/errors.js';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Why a state-changing request looks sent by another site's page, or null. Browsers mark their
 * requests with Sec-Fetch-Site and Origin; SameSite=Lax cookies alone let a cross-site form POST
 * (text/plain, no preflight) through. Requests without either header — curl, servers, the
 * payment provider's signed notification — are not a browser acting for someone and pass.
 */
export function crossSiteReason(req: FastifyRequest, publicBaseUrl: string | undefined): string | null {
  const site = req.headers['sec-fetch-site'];
  // same-site is another origin too (a sibling subdomain can be someone else's); none is the user typing.
  if (site !== undefined && site !== 'same-origin' && site !== 'none') return `sec-fetch-site ${site}`;
  const origin = req.headers.origin;
  if (origin === undefined) return null;
  if (origin === 'null') return 'opaque origin';
  let host: string;
  try {
    host = new URL(origin).host;
  } catch {
    return 'unreadable origin';
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
