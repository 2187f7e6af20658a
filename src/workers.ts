import cluster from 'node:cluster';

export interface WorkerPlan {
  /** Processes serving HTTP on the one port (1: this process alone, no cluster). */
  workers: number;
  /** Each worker's pool size (the pools together stay near one process's default of 20). */
  poolSize?: number;
  /** Said at start when the asked-for number could not be honoured. */
  note?: string;
}

/**
 * How many processes `npm start` runs: LINLI_WORKERS (a number, or `auto` for one per core).
 * Only on a PostgreSQL server: PGlite is a database inside this one process, whose data directory
 * no second process may open, so it always runs one.
 */
export function workerPlan(env: NodeJS.ProcessEnv, databaseUrl: string | undefined, cores = 1): WorkerPlan {
  const raw = env.LINLI_WORKERS?.trim();
  if (!raw) return { workers: 1 };
  const asked = raw === 'auto' ? cores : Number(raw);
  if (!Number.isInteger(asked) || asked < 1 || asked > 64) throw new Error(`LINLI_WORKERS must be a whole number from 1 to 64 or "auto", not "${raw}"`);
  if (asked === 1) return { workers: 1 };
  if (!databaseUrl) {
    return { workers: 1, note: `LINLI_WORKERS=${raw} ignored: the embedded database (PGlite) lives inside one process; set DATABASE_URL to a PostgreSQL server to run several` };
  }
  const poolSize = env.DATABASE_POOL_SIZE ? Number(env.DATABASE_POOL_SIZE) : Math.max(5, Math.ceil(20 / asked));
  return { workers: asked, poolSize };
}

/**
 * The primary: forks `n` workers (each runs this same program and listens on the port) and
 * replaces one that dies, unless it is shutting down. SIGINT/SIGTERM stop the workers first.
 */
export function runWorkers(n: number): Promise<void> {
  let stopping = false;
  for (let i = 0; i < n; i++) cluster.fork();
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    console.error(`worker ${worker.process.pid} ended (${signal ?? code}); starting another`);
    cluster.fork();
  });
  const stop = () => {
    stopping = true;
    for (const w of Object.values(cluster.workers ?? {})) w?.process.kill('SIGTERM');
    const check = setInterval(() => {
      if (Object.keys(cluster.workers ?? {}).length === 0) {
        clearInterval(check);
        process.exit(0);
      }
    }, 50);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return new Promise(() => {});
}
