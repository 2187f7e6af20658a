/** Settings read from the environment once, with defaults that make `npm start` work offline. */
export interface Config {
  port: number;
  host: string;
  databaseUrl?: string;
  dataDir: string;
  uploadsDir: string;
  /**
   * Where people reach the app (shared links and QR codes), e.g. https://linli.example.cn. Unset,
   * each request's own address is used (Host, or X-Forwarded-Host/-Proto from a trusted proxy).
   */
  publicBaseUrl?: string;
  /** Unpaid orders release their stock after this many minutes. */
  paymentWindowMinutes: number;
  loginCodeTtlSeconds: number;
  loginCodeMaxAttempts: number;
  loginCodeResendSeconds: number;
  sessionDays: number;
  /** How long a sign-in is answered from memory before the database is asked again (0: always ask). */
  sessionCacheMs: number;
  schedulerIntervalMs: number;
  secureCookies: boolean;
  /** Claims can be filed this many days after pickup. */
  claimWindowDays: number;
  /** Leaders answer a claim within this many opening-hours minutes, or it goes to the platform. */
  leaderResponseMinutes: number;
  /** The most a leader may refund on one claim from the guarantee fund without the platform. */
  leaderRefundLimitFen: number;
  /** HTTP hardening: rate limits, their shared store, which proxies to believe, HSTS. */
  http: HttpConfig;
  /** Leaders' withdrawals (提现): smallest, most per calendar day, and from what amount an operator approves. */
  payouts: { minFen: number; dailyLimitFen: number; approvalThresholdFen: number };
  /** The community ledger (docs/ledger.md): signing key file (outside the database), published checkpoints, schedule. */
  ledger: { keyFile: string; checkpointDir: string; checkpointEverySeconds: number; lateCommitGraceSeconds: number };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.LINLI_DATA_DIR ?? './data/pglite',
    uploadsDir: env.LINLI_UPLOADS_DIR ?? './data/uploads',
    publicBaseUrl: publicBaseUrlFrom(env.PUBLIC_BASE_URL),
    paymentWindowMinutes: Number(env.LINLI_PAYMENT_WINDOW_MINUTES ?? 15),
    loginCodeTtlSeconds: 300,
    loginCodeMaxAttempts: 5,
    loginCodeResendSeconds: Number(env.LINLI_LOGIN_RESEND_SECONDS ?? 60),
    sessionDays: 30,
    sessionCacheMs: Number(env.LINLI_SESSION_CACHE_MS ?? 5000),
    schedulerIntervalMs: Number(env.LINLI_SCHEDULER_INTERVAL_MS ?? 5000),
    secureCookies: env.NODE_ENV === 'production',
    claimWindowDays: Number(env.LINLI_CLAIM_WINDOW_DAYS ?? 7),
    leaderResponseMinutes: Number(env.LINLI_LEADER_RESPONSE_MINUTES ?? 120),
    leaderRefundLimitFen: Number(env.LINLI_LEADER_REFUND_LIMIT_FEN ?? 10000),
    http: loadHttpConfig(env),
    payouts: {
      minFen: Number(env.LINLI_PAYOUT_MIN_FEN ?? 1000),
      dailyLimitFen: Number(env.LINLI_PAYOUT_DAILY_LIMIT_FEN ?? 500_000),
      approvalThresholdFen: Number(env.LINLI_PAYOUT_APPROVAL_FEN ?? 200_000),
    },
    ledger: {
      keyFile: env.LINLI_LEDGER_KEY_FILE ?? './data/ledger-key/ed25519.json',
      checkpointDir: env.LINLI_LEDGER_CHECKPOINT_DIR ?? './data/ledger-checkpoints',
      checkpointEverySeconds: Number(env.LINLI_LEDGER_CHECKPOINT_SECONDS ?? 300),
      lateCommitGraceSeconds: Number(env.LINLI_LEDGER_LATE_COMMIT_SECONDS ?? 600),
    },
  };
}

/** At most `max` requests per `windowSeconds` for one key (an address, a phone, a user). */
export interface RateLimit {
  max: number;
  windowSeconds: number;
}

export interface HttpConfig {
  /**
   * Rate limits. Ordering and posting count per signed-in user (a whole compound can share one
   * address behind its router, and the benchmark's thousands of buyers come from one); login
   * codes count per address and per phone.
   */
  rateLimits: {
    /** Login codes asked for one phone number (each one is an SMS). */
    codeRequestsPerPhone: RateLimit;
    /** Login codes asked from one client address, whatever the phones. */
    codeRequestsPerAddress: RateLimit;
    /** Code checks (log-in attempts) from one client address across phones. */
    codeChecksPerAddress: RateLimit;
    /** Checkouts, buy-now, payments and cancellations per user. */
    ordersPerUser: RateLimit;
    /** Feed posts, comments, reports and hand-over disputes per user. */
    postsPerUser: RateLimit;
    /** Multipart uploads per user. */
    uploadsPerUser: RateLimit;
  };
  /** Redis for the rate-limit counters, shared by every instance; unset, each instance counts in memory. */
  redisUrl?: string;
  /** Fastify's trustProxy: which peers may set X-Forwarded-For/-Proto/-Host (true, false, or addresses/CIDRs). */
  trustProxy: boolean | string;
  /** Send Strict-Transport-Security on every answer, not only on those served over https. */
  hsts: boolean;
}

const RATE_LIMIT_DEFAULTS: HttpConfig['rateLimits'] = {
  codeRequestsPerPhone: { max: 5, windowSeconds: 3600 },
  codeRequestsPerAddress: { max: 30, windowSeconds: 600 },
  codeChecksPerAddress: { max: 60, windowSeconds: 600 },
  ordersPerUser: { max: 60, windowSeconds: 60 },
  postsPerUser: { max: 30, windowSeconds: 60 },
  uploadsPerUser: { max: 60, windowSeconds: 600 },
};

/** LINLI_RATE_CODE_REQUESTS_PER_PHONE=5/3600 (max per window in seconds) overrides a default. */
function loadHttpConfig(env: NodeJS.ProcessEnv): HttpConfig {
  const rateLimits = { ...RATE_LIMIT_DEFAULTS };
  for (const name of Object.keys(rateLimits) as (keyof typeof rateLimits)[]) {
    const raw = env[`LINLI_RATE_${name.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`];
    if (raw === undefined || raw === '') continue;
    const m = /^(\d+)\/(\d+)$/.exec(raw.trim());
    if (!m || Number(m[2]) === 0) throw new Error(`rate limit ${name} must look like MAX/SECONDS, e.g. 30/600 (got ${raw})`);
    rateLimits[name] = { max: Number(m[1]), windowSeconds: Number(m[2]) };
  }
  const trust = env.LINLI_TRUST_PROXY ?? 'loopback,linklocal,uniquelocal';
  return {
    rateLimits,
    redisUrl: env.REDIS_URL || undefined,
    trustProxy: trust === 'true' ? true : trust === 'false' ? false : trust,
    hsts: env.LINLI_HSTS === 'true',
  };
}

/** The configured public address without a trailing slash; a typo stops the start, not a QR code later. */
function publicBaseUrlFrom(raw: string | undefined): string | undefined {
  if (!raw) return undefined;
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new Error(`PUBLIC_BASE_URL is not a URL: ${raw}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`PUBLIC_BASE_URL must be http(s): ${raw}`);
  return `${url.origin}${url.pathname}`.replace(/\/+$/, '');
}
