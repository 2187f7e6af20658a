import './messages.js';
import { loadConfig } from './config.js';
import { openAppDatabase } from './db/open.js';
import { buildApp } from './app.js';
import { DEMO_ACCOUNTS, isEmpty, seedDemo } from './db/seed.js';
import { LogSmsProvider } from './modules/identity/index.js';
import { SandboxPaymentProvider } from './modules/payments/index.js';
import { SandboxPayoutProvider } from './modules/payouts/index.js';
import { LocalDiskStorage } from './platform/files/storage.js';
import { startScheduler } from './platform/scheduler.js';
import { scheduledJobs } from './jobs.js';
import { runWorkers, workerPlan } from './workers.js';
import cluster from 'node:cluster';
import { availableParallelism } from 'node:os';
import { recomputeAllResidents } from './modules/trust/index.js';
import { ledgerVerifyCommand, verifyReceiptCommand } from './modules/ledger/index.js';

const command = process.argv[2] ?? 'start';
const config = loadConfig();

async function main() {
  // Offline: no database, no server — only the receipt, the key and the shared verifier.
  if (command === 'verify-receipt') process.exit(await verifyReceiptCommand(process.argv.slice(3)));
  const plan = workerPlan(process.env, config.databaseUrl, availableParallelism());
  if (plan.note && cluster.isPrimary) console.warn(plan.note);
  if (command === 'start' && plan.workers > 1 && cluster.isPrimary) {
    // Migrations and the demo seed happen once, here, before any worker opens the database.
    const database = await openAppDatabase({ url: config.databaseUrl });
    if (process.env.LINLI_SEED !== 'false' && (await isEmpty(database.db))) {
      await seedDemo(database.db, new SandboxPaymentProvider(process.env.LINLI_SANDBOX_SECRET), new LocalDiskStorage(config.uploadsDir));
      console.log('demo neighbourhood 好邻生活圈 seeded');
    }
    await database.close();
    return runWorkers(plan.workers);
  }
  const database = await openAppDatabase({ url: config.databaseUrl, dataDir: config.dataDir, poolSize: plan.poolSize });
  const where = config.databaseUrl ? config.databaseUrl.replace(/\/\/[^@]*@/, '//***@') : `PGlite ${config.dataDir}`;
  if (command === 'migrate') {
    console.log(`migrations applied (${where})`);
    return database.close();
  }
  if (command === 'recompute-trust') {
    // Every resident's evidence and profile rebuilt from the events (docs/trust-recomputation.md).
    const t0 = performance.now();
    const r = await recomputeAllResidents(database.db);
    console.log(`trust recomputed: ${r.evidence} evidence rows, ${r.residents} profiles in ${((performance.now() - t0) / 1000).toFixed(1)} s (${where})`);
    return database.close();
  }
  if (command === 'ledger-verify' || command === 'ledger-checkpoint') {
    // Exit 1 when a leaf no longer matches its row (or the log itself was edited): docs/ledger.md.
    process.exitCode = await ledgerVerifyCommand(database.db, config.ledger, command === 'ledger-verify' ? 'verify' : 'checkpoint');
    return database.close();
  }
  const payments = new SandboxPaymentProvider(process.env.LINLI_SANDBOX_SECRET);
  const storage = new LocalDiskStorage(config.uploadsDir);
  const payouts = new SandboxPayoutProvider(process.env.LINLI_SANDBOX_SECRET);
  if (command === 'seed' || (command === 'start' && cluster.isPrimary && process.env.LINLI_SEED !== 'false' && (await isEmpty(database.db)))) {
    if (await isEmpty(database.db)) {
      await seedDemo(database.db, payments, storage);
      console.log('demo neighbourhood 好邻生活圈 seeded');
    }
    if (command === 'seed') return database.close();
  }
  if (command !== 'start') throw new Error(`unknown command ${command}; use start | migrate | seed | recompute-trust | ledger-checkpoint | ledger-verify | verify-receipt`);

  const ctx = { db: database.db, config, sms: new LogSmsProvider(), payments, payouts, storage, now: () => new Date() };
  const app = await buildApp(ctx, { logger: process.env.LINLI_LOG === 'true' });
  const scheduler = process.env.LINLI_SCHEDULER === 'false' ? null
    : startScheduler(database.db, scheduledJobs(database.db, { payments, payouts, storage, ledger: config.ledger }), config.schedulerIntervalMs, (msg, err) => console.error(msg, err));

  // Workers share the primary's port (node:cluster hands out connections).
  await app.listen({ port: config.port, host: config.host });
  if (cluster.isWorker) {
    if (cluster.worker?.id === 1) console.log(`${plan.workers} worker processes on port ${config.port} (pid ${process.pid} is worker 1)`);
    if (cluster.worker?.id !== 1) return installShutdown(app, scheduler, database);
  }
  const shownUrl = config.publicBaseUrl ?? `http://localhost:${config.port}`;
  console.log(`\n邻里 Linli is running: ${shownUrl}   (API docs: ${shownUrl}/docs)`);
  console.log(`database: ${where}`);
  console.log('demo accounts (log in with the phone number; the one-time code is printed here as [短信 SMS]):');
  for (const a of DEMO_ACCOUNTS) console.log(`  ${a.phone}  ${a.name}  ${a.role}`);

  installShutdown(app, scheduler, database);
}

function installShutdown(app: { close(): Promise<unknown> }, scheduler: { stop(): Promise<void> } | null, database: { close(): Promise<void> }) {
  const shutdown = async () => {
    await scheduler?.stop();
    await app.close();
    await database.close();
    process.exit(0);
  };
  process.on('SIGINT', shutdown);
  process.on('SIGTERM', shutdown);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
