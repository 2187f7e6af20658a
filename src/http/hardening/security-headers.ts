import type { FastifyInstance } from 'fastify';
import helmet from '@fastify/helmet';
import type { HttpConfig } from '../../config.js';

/**
 * The Content-Security-Policy the built web app runs under: its own scripts only (Vite emits no
 * inline script), inline styles (antd and antd-mobile set style attributes and inject <style>),
 * images from here, data: (QR codes), blob: (photo previews before upload) and https: (product
 * photos may be links an operator entered). No frames of us anywhere. 'wasm-unsafe-eval' lets the
 * hand-over desk compile the QR reader's WebAssembly (served from /assets/ like the scripts); it
 * allows no eval() of JavaScript and no inline script.
 */
export const CSP_DIRECTIVES = {
  'default-src': ["'self'"],
  'base-uri': ["'self'"],
  'connect-src': ["'self'"],
  'font-src': ["'self'", 'data:'],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  'img-src': ["'self'", 'data:', 'blob:', 'https:'],
  'object-src': ["'none'"],
  'script-src': ["'self'", "'wasm-unsafe-eval'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  // Not upgrade-insecure-requests: a phone on the leader's plain-http LAN address would lose every asset.
  'upgrade-insecure-requests': null,
};

const HSTS = 'max-age=15552000; includeSubDomains';

/**
 * Security headers from helmet: the CSP above, X-Content-Type-Options nosniff, X-Frame-Options
 * DENY, Referrer-Policy same-origin (not no-referrer: with it a browser sends `Origin: null` on
 * our own POSTs, which the cross-site check must refuse), and HSTS only when the request came
 * over TLS (X-Forwarded-Proto https from a trusted proxy) or LINLI_HSTS=true: sent on plain http
 * it would lock a LAN deployment out of its own address.
 */
export async function registerSecurityHeaders(app: FastifyInstance, config: HttpConfig) {
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: CSP_DIRECTIVES },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'same-origin' },
    strictTransportSecurity: false,
  });
  app.addHook('onRequest', async (req, reply) => {
    if (config.hsts || req.protocol === 'https') reply.header('strict-transport-security', HSTS);
  });
}
