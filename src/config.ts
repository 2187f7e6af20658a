/** Settings read from the environment once, with defaults that make `npm start` work offline. */
export interface Config {
  port: number;
  host: string;
  databaseUrl?: string;
  dataDir: string;
  uploadsDir: string;
  publicBaseUrl: string;
  /** Unpaid orders release their stock after this many minutes. */
  paymentWindowMinutes: number;
  loginCodeTtlSeconds: number;
  loginCodeMaxAttempts: number;
  loginCodeResendSeconds: number;
  sessionDays: number;
  schedulerIntervalMs: number;
  secureCookies: boolean;
  /** Claims can be filed this many days after pickup. */
  claimWindowDays: number;
  /** Leaders answer a claim within this many opening-hours minutes, or it goes to the platform. */
  leaderResponseMinutes: number;
  /** The most a leader may refund on one claim from the guarantee fund without the platform. */
  leaderRefundLimitFen: number;
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 3000);
  return {
    port,
    host: env.HOST ?? '0.0.0.0',
    databaseUrl: env.DATABASE_URL || undefined,
    dataDir: env.LINLI_DATA_DIR ?? './data/pglite',
    uploadsDir: env.LINLI_UPLOADS_DIR ?? './data/uploads',
    publicBaseUrl: env.PUBLIC_BASE_URL ?? `http://localhost:${port}`,
    paymentWindowMinutes: Number(env.LINLI_PAYMENT_WINDOW_MINUTES ?? 15),
    loginCodeTtlSeconds: 300,
    loginCodeMaxAttempts: 5,
    loginCodeResendSeconds: Number(env.LINLI_LOGIN_RESEND_SECONDS ?? 60),
    sessionDays: 30,
    schedulerIntervalMs: Number(env.LINLI_SCHEDULER_INTERVAL_MS ?? 5000),
    secureCookies: env.NODE_ENV === 'production',
    claimWindowDays: Number(env.LINLI_CLAIM_WINDOW_DAYS ?? 7),
    leaderResponseMinutes: Number(env.LINLI_LEADER_RESPONSE_MINUTES ?? 120),
    leaderRefundLimitFen: Number(env.LINLI_LEADER_REFUND_LIMIT_FEN ?? 10000),
  };
}
