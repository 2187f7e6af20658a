import { loadConfig } from './config.js';
import { openDatabase } from './db/client.js';
import { buildApp } from './app.js';
import { DEMO_ACCOUNTS, isEmpty, seedDemo } from './db/seed.js';
import { LogSmsProvider } from './modules/identity/sms.js';
import { SandboxPaymentProvider } from './modules/payments/provider.js';
import { LocalDiskStorage } from './modules/files/storage.js';
import { startScheduler } from './modules/events/scheduler.js';
import { closeDueGroupBuys } from './workflows/close-group-buy.js';
import { expireUnpaidOrders } from './modules/orders/service.js';
import { aggregateClosedGroupBuys } from './modules/fulfilment/purchase-orders.service.js';
import { ingestTrustEvents } from './modules/trust/service.js';
import { recomputeDueLeaderIndexes } from './modules/trust/leader-index.service.js';
import { sendBirthdayGifts } from './modules/trust/cocreate.service.js';
import { escalateOverdueClaims } from './modules/aftersales/service.js';
import { sendPendingRefunds } from './modules/payments/service.js';
import { sendEventReminders } from './modules/gatherings/service.js';
import { evaluateHonoursDaily } from './modules/training/honours.service.js';
import { autoConfirmDueHandovers } from './workflows/hand-over.js';
import { markNotCollected, sendPickupReminders } from './workflows/not-collected.js';
import { purgeIdempotentRequests } from './http/idempotency.js';

const command = process.argv[2] ?? 'start';
const config = loadConfig();

async function main() {
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  const where = config.databaseUrl ? config.databaseUrl.replace(/\/\/[^@]*@/, '//***@') : `PGlite ${config.dataDir}`;
  if (command === 'migrate') {
    console.log(`migrations applied (${where})`);
    return database.close();
  }
  const payments = new SandboxPaymentProvider(process.env.LINLI_SANDBOX_SECRET);
  const storage = new LocalDiskStorage(config.uploadsDir);
  if (command === 'seed' || (command === 'start' && process.env.LINLI_SEED !== 'false' && (await isEmpty(database.db)))) {
    if (await isEmpty(database.db)) {
      await seedDemo(database.db, payments, storage);
      console.log('demo neighbourhood 好邻生活圈 seeded');
    }
    if (command === 'seed') return database.close();
  }
  if (command !== 'start') throw new Error(`unknown command ${command}; use start | migrate | seed`);

  const ctx = { db: database.db, config, sms: new LogSmsProvider(), payments, storage, now: () => new Date() };
  const app = await buildApp(ctx, { logger: process.env.LINLI_LOG === 'true' });
  const scheduler = process.env.LINLI_SCHEDULER === 'false' ? null : startScheduler(database.db, [
    { name: 'groupbuy.close-due', run: (now) => closeDueGroupBuys(database.db, now) },
    { name: 'orders.expire-unpaid', run: (now) => expireUnpaidOrders(database.db, now) },
    { name: 'fulfilment.aggregate', run: () => aggregateClosedGroupBuys(database.db) },
    { name: 'trust.ingest', run: (now) => ingestTrustEvents(database.db, 1000, now) },
    { name: 'trust.leader-index', run: (now) => recomputeDueLeaderIndexes(database.db, now) },
    { name: 'trust.birthday-gifts', run: (now) => sendBirthdayGifts(database.db, now) },
    { name: 'aftersales.escalate-overdue', run: (now) => escalateOverdueClaims(database.db, now) },
    { name: 'payments.send-refunds', run: (now) => sendPendingRefunds(database.db, payments, {}, now) },
    { name: 'events.reminders', run: (now) => sendEventReminders(database.db, now) },
    { name: 'training.honours', run: (now) => evaluateHonoursDaily(database.db, now) },
    { name: 'fulfilment.handover-auto-confirm', run: (now) => autoConfirmDueHandovers(database.db, now) },
    { name: 'fulfilment.pickup-reminders', run: (now) => sendPickupReminders(database.db, now) },
    { name: 'fulfilment.not-collected', run: (now) => markNotCollected(database.db, now) },
    { name: 'http.idempotency-purge', run: (now) => purgeIdempotentRequests(database.db, now) },
  ], config.schedulerIntervalMs, (msg, err) => console.error(msg, err));

  await app.listen({ port: config.port, host: config.host });
  console.log(`\n邻里 Linli is running: ${config.publicBaseUrl}   (API docs: ${config.publicBaseUrl}/docs)`);
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
