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
import { recomputeAllResidents } from './modules/trust/index.js';

const command = process.argv[2] ?? 'start';
const config = loadConfig();

async function main() {
  const database = await openAppDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
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
  const payments = new SandboxPaymentProvider(process.env.LINLI_SANDBOX_SECRET);
  const storage = new LocalDiskStorage(config.uploadsDir);
  const payouts = new SandboxPayoutProvider(process.env.LINLI_SANDBOX_SECRET);
  if (command === 'seed' || (command === 'start' && process.env.LINLI_SEED !== 'false' && (await isEmpty(database.db)))) {
    if (await isEmpty(database.db)) {
      await seedDemo(database.db, payments, storage);
      console.log('demo neighbourhood 好邻生活圈 seeded');
    }
    if (command === 'seed') return database.close();
  }
  if (command !== 'start') throw new Error(`unknown command ${command}; use start | migrate | seed | recompute-trust`);

  const ctx = { db: database.db, config, sms: new LogSmsProvider(), payments, payouts, storage, now: () => new Date() };
  const app = await buildApp(ctx, { logger: process.env.LINLI_LOG === 'true' });
  const scheduler = process.env.LINLI_SCHEDULER === 'false' ? null
    : startScheduler(database.db, scheduledJobs(database.db, { payments, payouts, storage }), config.schedulerIntervalMs, (msg, err) => console.error(msg, err));

  await app.listen({ port: config.port, host: config.host });
  const shownUrl = config.publicBaseUrl ?? `http://localhost:${config.port}`;
  console.log(`\n邻里 Linli is running: ${shownUrl}   (API docs: ${shownUrl}/docs)`);
  console.log(`database: ${where}`);
  console.log('demo accounts (log in with the phone number; the one-time code is printed here as [短信 SMS]):');
  for (const a of DEMO_ACCOUNTS) console.log(`  ${a.phone}  ${a.name}  ${a.role}`);

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
