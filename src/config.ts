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
  };
}
