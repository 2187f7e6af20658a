import type { FastifyInstance, FastifyRequest } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { Redis } from 'ioredis';
import type { HttpConfig, RateLimit } from '../../config.js';
import { tooMany } from '../../platform/errors.js';

type Limits = HttpConfig['rateLimits'];

/** What a limit counts on: the client's address, the phone in the body, or the signed-in user. */
type KeyOf = (req: FastifyRequest) => string | null;

const byAddress: KeyOf = (req) => `ip:${req.ip}`;
/** The signed-in user; anonymous callers (refused anyway) by address. */
const byUser: KeyOf = (req) => (req.user ? `user:${req.user.id}` : `ip:${req.ip}`);
/** The phone's last 11 digits, so "+86 138-…" and "138…" are one phone. */
const byPhone: KeyOf = (req) => {
  const phone = (req.body as { phone?: unknown } | undefined)?.phone;
  const digits = typeof phone === 'string' ? phone.replace(/\D/g, '').slice(-11) : '';
  return digits ? `phone:${digits}` : null;
};

const route = (method: string, url: string) => (req: FastifyRequest) => req.method === method && req.routeOptions.url === url;
const anyOf = (...tests: ((req: FastifyRequest) => boolean)[]) => (req: FastifyRequest) => tests.some((t) => t(req));

interface Bucket {
  name: keyof Limits;
  applies: (req: FastifyRequest) => boolean;
  key: KeyOf;
}

/**
 * Which requests each limit counts, in the order they are checked: a request refused by an
 * earlier bucket is not counted by the later ones (an address over its limit does not use up
 * the phone's).
 */
const BUCKETS: Bucket[] = [
  { name: 'codeRequestsPerAddress', applies: route('POST', '/api/auth/code'), key: byAddress },
  { name: 'codeRequestsPerPhone', applies: route('POST', '/api/auth/code'), key: byPhone },
  { name: 'codeChecksPerAddress', applies: route('POST', '/api/auth/verify'), key: byAddress },
  {
    name: 'ordersPerUser',
    applies: anyOf(route('POST', '/api/communities/:id/checkout'), route('POST', '/api/group-buys/:id/orders'), route('POST', '/api/orders/:id/pay'), route('POST', '/api/orders/:id/cancel')),
    key: byUser,
  },
  {
    name: 'postsPerUser',
    applies: anyOf(route('POST', '/api/communities/:id/posts'), route('POST', '/api/posts/:id/comments'), route('POST', '/api/moderation/reports'), route('POST', '/api/handovers/:id/dispute')),
    key: byUser,
  },
  { name: 'uploadsPerUser', applies: (req) => req.isMultipart(), key: byUser },
];

/**
 * Rate limits on logging in, ordering, posting and uploading (@fastify/rate-limit's counters).
 * The counters live in Redis when one is configured, so every instance shares them; otherwise in
 * this process's memory. A refused request gets 429 `request.rate_limited` with Retry-After.
 */
export async function registerRateLimits(app: FastifyInstance, config: HttpConfig) {
  const redis = config.redisUrl ? await connectRedis(config.redisUrl) : null;
  if (redis) app.addHook('onClose', async () => { await redis.quit().catch(() => redis.disconnect()); });
  // global: false — nothing is limited by the plugin's own hook; the buckets below decide.
  // skipOnError: a Redis outage lets requests through rather than locking everyone out.
  await app.register(rateLimit, { global: false, skipOnError: true, cache: 20_000, ...(redis ? { redis, nameSpace: 'linli:rate:' } : {}) });

  const limiters = BUCKETS.map((bucket) => ({ bucket, check: limiter(app, bucket, config.rateLimits[bucket.name]) }));
  app.addHook('preHandler', async (req, reply) => {
    if (!req.url.startsWith('/api/')) return;
    for (const { bucket, check } of limiters) {
      if (!bucket.applies(req) || bucket.key(req) === null) continue;
      const result = await check(req);
      if (!result.isAllowed && result.isExceeded) {
        reply.header('retry-after', String(result.ttlInSeconds));
        throw tooMany('request.rate_limited', { seconds: result.ttlInSeconds });
      }
    }
  });
}

function limiter(app: FastifyInstance, bucket: Bucket, limit: RateLimit) {
  return app.createRateLimit({
    max: limit.max,
    timeWindow: limit.windowSeconds * 1000,
    // The bucket's name keeps one key (an address) counted separately per limit.
    keyGenerator: (req) => `${bucket.name}:${bucket.key(req)}`,
  });
}

/**
 * A Redis client that fails fast while Redis is away (the limiter then lets requests through).
 * The start waits up to two seconds for the connection, so the first requests are counted too.
 */
async function connectRedis(url: string) {
  const redis = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 2000 });
  let warned = false;
  redis.on('error', (err) => {
    if (!warned) console.error(`rate limits: Redis at ${url.replace(/\/\/[^@]*@/, '//***@')} unavailable (${err.message}); requests are not limited until it is back`);
    warned = true;
  });
  redis.on('ready', () => { warned = false; });
  await new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 2000);
    redis.once('ready', () => { clearTimeout(timer); resolve(); });
  });
  return redis;
}
