import { sql } from 'drizzle-orm';
import type { Db } from './client.js';
import { users } from '../modules/identity/schema.js';
import { findOrCreateUser } from '../modules/identity/service.js';
import { appointLeader, createCommunity, joinByInvite } from '../modules/community/service.js';
import { createProduct } from '../modules/catalog/service.js';
import { closeDueGroupBuys, markArrived, openGroupBuy } from '../modules/groupbuy/service.js';
import { placeOrder } from '../modules/orders/service.js';
import { handlePaymentSucceeded, startPayment } from '../modules/payments/service.js';
import { verifyPickup } from '../modules/fulfilment/service.js';
import type { PaymentProvider } from '../modules/payments/provider.js';
import { eq } from 'drizzle-orm';

export const DEMO_ACCOUNTS = [
  { phone: '13900000000', name: '陈总（平台运营）', role: 'operator' },
  { phone: '13800000001', name: '王叔', role: 'leader' },
  { phone: '13800000002', name: '李阿姨', role: 'resident' },
  { phone: '13800000003', name: '小林（新手妈妈）', role: 'resident' },
  { phone: '13800000004', name: '张大哥（健身爱好者）', role: 'resident' },
] as const;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Next occurrence of hh:00 Shanghai time at least `minAheadMs` from now (demo times read naturally). */
function shanghaiAt(base: Date, dayOffset: number, hour: number): Date {
  const d = new Date(base.getTime() + 8 * HOUR);
  d.setUTCDate(d.getUTCDate() + dayOffset);
  d.setUTCHours(hour, 0, 0, 0);
  return new Date(d.getTime() - 8 * HOUR);
}

export async function isEmpty(db: Db): Promise<boolean> {
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(users);
  return n === 0;
}

/**
 * The demo neighbourhood: 好邻生活圈 with 王叔 as its 生活顾问, 李阿姨 and a young mother as
 * residents, a live strawberry group buy and a past egg group buy whose orders went through the
 * real flow (ordered, paid, closed, arrived, one picked up).
 */
export async function seedDemo(db: Db, payments: PaymentProvider, now = new Date()) {
  const operator = await findOrCreateUser(db, DEMO_ACCOUNTS[0].phone, DEMO_ACCOUNTS[0].name);
  await db.update(users).set({ isOperator: true }).where(eq(users.id, operator.id));
  const community = await createCommunity(db, {
    name: '好邻生活圈', address: '上海市浦东新区锦绣路 1888 弄（锦绣苑）', timeZone: 'Asia/Shanghai',
    pickupPointName: '3 号楼门口王叔便民驿站', pickupPointAddress: '锦绣苑 3 号楼 1 层', pickupHours: '08:00-20:00',
  });
  const { userId: leaderId } = await appointLeader(db, community.id, { phone: DEMO_ACCOUNTS[1].phone, name: '王叔', title: '好邻生活圈的生活顾问' }, operator.id);
  const residents: string[] = [];
  for (const acc of DEMO_ACCOUNTS.slice(2)) {
    const u = await findOrCreateUser(db, acc.phone, acc.name);
    await joinByInvite(db, community.inviteCode, u.id, leaderId);
    residents.push(u.id);
  }

  const strawberry = await createProduct(db, {
    name: '丹东有机草莓', spec: '约 500g/盒（20-25 颗）', unit: '盒', origin: '辽宁丹东 · 九九草莓合作农场',
    description: '清晨 5 点采摘，冷链直送，当天上午 10 点前到自提点。不打膨大剂，农残检测合格。', imageUrls: ['/demo/strawberry.svg'], listPriceFen: 4980,
  });
  const eggs = await createProduct(db, {
    name: '林下散养土鸡蛋', spec: '30 枚/盒', unit: '盒', origin: '江西赣州 · 山林散养基地',
    description: '母鸡在林下自由觅食，不喂抗生素，蛋黄颜色自然。', imageUrls: ['/demo/eggs.svg'], listPriceFen: 5900,
  });
  await createProduct(db, {
    name: '零添加头道生抽', spec: '500ml/瓶', unit: '瓶', origin: '广东阳江 · 古法酱园',
    description: '只用大豆、小麦、盐和水，180 天日晒发酵，0 防腐剂 0 味精。', imageUrls: ['/demo/soy.svg'], listPriceFen: 3280,
  });
  await createProduct(db, {
    name: '有机小白菜', spec: '约 400g/袋', unit: '袋', origin: '上海崇明 · 有机蔬菜合作社',
    description: '有机认证基地，当天采摘。', imageUrls: ['/demo/greens.svg'], listPriceFen: 890,
  });

  // A past group buy that went all the way through: opened 4 days ago, closed, arrived.
  const past = new Date(now.getTime() - 4 * DAY);
  const eggBuy = await openGroupBuy(db, community.id, leaderId, {
    productId: eggs.id, priceFen: 3990, stockTotal: 40, perPersonLimit: 2,
    opensAt: past, cutoffAt: shanghaiAt(past, 1, 20), pickupStartAt: shanghaiAt(past, 2, 9), pickupEndAt: shanghaiAt(past, 3, 20),
    note: '王叔自己家吃了三个月的鸡蛋，蛋黄能用筷子夹起来。',
  }, past);
  for (const [i, userId] of residents.entries()) {
    const at = new Date(past.getTime() + (i + 1) * HOUR);
    const { order } = await placeOrder(db, { groupBuyId: eggBuy.id, userId, quantity: i === 0 ? 2 : 1, idempotencyKey: `seed-egg-${i}` }, 15, at);
    const pay = await startPayment(db, payments, order.id, userId);
    const [p] = await db.execute(sql`select provider_ref from payments where id = ${pay.paymentId}`).then((r) => (r as unknown as { rows: { provider_ref: string }[] }).rows);
    await handlePaymentSucceeded(db, payments, p.provider_ref, order.totalFen, new Date(at.getTime() + 60_000));
  }
  await closeDueGroupBuys(db, new Date(eggBuy.cutoffAt.getTime() + 1000));
  await markArrived(db, eggBuy.id, leaderId, eggBuy.pickupStartAt);
  // 李阿姨 already picked hers up; the others still have to come.
  const [firstCode] = await db.execute(sql`select pickup_code from orders where group_buy_id = ${eggBuy.id} and user_id = ${residents[0]}`).then((r) => (r as unknown as { rows: { pickup_code: string }[] }).rows);
  await verifyPickup(db, community.id, leaderId, firstCode.pickup_code, 0.08, new Date(eggBuy.pickupStartAt.getTime() + HOUR));

  // The live one: strawberries, cut-off tomorrow 20:00, pickup the morning after.
  const live = await openGroupBuy(db, community.id, leaderId, {
    productId: strawberry.id, priceFen: 3680, stockTotal: 60, perPersonLimit: 3,
    cutoffAt: shanghaiAt(now, 1, 20), pickupStartAt: shanghaiAt(now, 2, 10), pickupEndAt: shanghaiAt(now, 2, 19),
    note: '我自己先试吃了一盒：酸甜刚好，个头匀称，没有空心。清晨 5 点采摘，上午 10 点前到驿站。',
  }, now);
  const { order } = await placeOrder(db, { groupBuyId: live.id, userId: residents[2], quantity: 2, idempotencyKey: 'seed-straw-0' }, 15, now);
  const pay = await startPayment(db, payments, order.id, residents[2]);
  const [p] = await db.execute(sql`select provider_ref from payments where id = ${pay.paymentId}`).then((r) => (r as unknown as { rows: { provider_ref: string }[] }).rows);
  await handlePaymentSucceeded(db, payments, p.provider_ref, order.totalFen, now);

  return { communityId: community.id, leaderId, operatorId: operator.id, residents, liveGroupBuyId: live.id, pastGroupBuyId: eggBuy.id, strawberryId: strawberry.id };
}
