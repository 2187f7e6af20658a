import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Db } from '../platform/db/client.js';
import type { Config } from '../config.js';
import type { SmsProvider } from '../modules/identity/index.js';
import type { PaymentProvider } from '../modules/payments/index.js';
import type { PayoutProvider } from '../modules/payouts/index.js';
import type { FileStorage } from '../platform/files/storage.js';
import type { SessionCache, SessionUser } from '../modules/identity/index.js';
import { forbidden, unauthorized } from '../platform/errors.js';
import type { Locale } from '../platform/i18n.js';

export interface AppContext {
  db: Db;
  config: Config;
  sms: SmsProvider;
  payments: PaymentProvider;
  storage: FileStorage;
  /** Pays leaders' withdrawals; unset, the payout routes use a sandbox (see payouts.routes.ts). */
  payouts?: PayoutProvider;
  /** The clock; tests move it. */
  now: () => Date;
  /** Recent sign-ins held in memory; buildApp makes one (and listens for changes) when unset. */
  sessionCache?: SessionCache;
}

export const asZod = (app: FastifyInstance) => app.withTypeProvider<ZodTypeProvider>();

declare module 'fastify' {
  interface FastifyRequest {
    user: SessionUser | null;
    locale: Locale;
  }
}

export const SESSION_COOKIE = 'linli_session';

export function requireUser(req: FastifyRequest): SessionUser {
  if (!req.user) throw unauthorized();
  return req.user;
}

export function requireOperator(req: FastifyRequest): SessionUser {
  const user = requireUser(req);
  if (!user.isOperator) throw forbidden();
  return user;
}
