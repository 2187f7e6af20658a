import { sql } from 'drizzle-orm';
import type { Db } from '../platform/db/client.js';
import { findOrCreateUser, grantOperator, importAccountSince, users } from '../modules/identity/index.js';
import { appointLeader, createCommunity, importJoinedAt, joinByInvite } from '../modules/community/index.js';
import { createProduct, updateProduct } from '../modules/catalog/index.js';
import { openGroupBuy } from '../workflows/open-group-buy.js';
import { setBasketItem } from '../modules/orders/index.js';
import { getOrCreatePickupSecret } from '../modules/fulfilment/index.js';
import { pickupCodeFor, stepOf } from '../modules/fulfilment/index.js';
import { checkout } from '../workflows/checkout.js';
import { handlePaymentSucceeded } from '../workflows/payment-notified.js';
import { closeDueGroupBuys } from '../workflows/close-group-buy.js';
import { receiveDelivery, recordDelivery } from '../workflows/arrival.js';
import { recordWithoutCode, verifyHandover } from '../workflows/hand-over.js';
import type { PaymentProvider } from '../modules/payments/index.js';
import type { FileStorage } from '../platform/files/storage.js';
import { eq } from 'drizzle-orm';
import { addDocument, applyForAdmission, decide, submitApplication } from '../modules/suppliers/index.js';
import { products } from '../modules/catalog/index.js';
import { addInspection, addLogisticsEvent, createBatch, reviewBatch } from '../modules/quality/index.js';
import { recordTrial } from '../modules/leaders/index.js';
import { aggregateClosedGroupBuys, confirmPurchaseOrder, getPurchaseOrder } from '../modules/fulfilment/index.js';
import { demoReportPdf } from './demo-report.js';
import { seedCampaignDemo } from './seed-campaign.js';
import { DEFAULT_TAG_RULES } from '../modules/trust/index.js';
import { createTagRule, importEvidence, ingestTrustEvents } from '../modules/trust/index.js';
import { topUpFund } from '../modules/aftersales/index.js';
import { fileClaim, leaderDecide } from '../modules/aftersales/index.js';
import { scenePhoto } from './sample-photos.js';
import { setWelcomeGift } from '../modules/community/index.js';
import { addComment, createPost, setPinned } from '../modules/feed/index.js';
import { createGathering, signUp } from '../modules/gatherings/index.js';
import { updateLeaderProfile } from '../modules/training/index.js';
import { createCourse, enrol, publishCourse, submitQuiz } from '../modules/training/index.js';
import { createHonour, evaluateHonours, grantHonour } from '../modules/training/index.js';

export const DEMO_ACCOUNTS = [
  { phone: '13900000000', name: '陈总（平台运营）', role: 'operator' },
  { phone: '13800000001', name: '王叔', role: 'leader' },
  { phone: '13800000002', name: '李阿姨', role: 'resident' },
  { phone: '13800000003', name: '小林（新手妈妈）', role: 'resident' },
  { phone: '13800000004', name: '张大哥（健身爱好者）', role: 'resident' },
  { phone: '13700000001', name: '老周（丹东九九草莓专业合作社）', role: 'supplier' },
] as const;

type Rows<T> = { rows: T[] };
const rowsOf = async <T>(db: Db, q: ReturnType<typeof sql>) => ((await db.execute(q)) as unknown as Rows<T>).rows;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Next occurrence of hh:00 Shanghai time at least `minAheadMs` from now (demo times read naturally). */
function shanghaiAt(base: Date, dayOffset: number, hour: number): Date {
  const d = new Date(base.getTime() + 8 * HOUR);
  d.setUTCDate(d.getUTCDate() + dayOffset);
  d.setUTCHours(hour, 0, 0, 0);
  return new Date(d.getTime() - 8 * HOUR);
}

/** An admitted supplier with its account, through admission: application, licences, review. */
async function admittedSupplier(db: Db, storage: FileStorage, operatorId: string, input: { phone: string; name: string; companyName: string; creditCode: string; region: string; address: string; description: string }, at: Date) {
  const member = await findOrCreateUser(db, input.phone, input.name);
  const actor = { id: member.id, isOperator: false };
  const supplier = await applyForAdmission(db, member.id, {
    companyName: input.companyName, creditCode: input.creditCode, contactName: input.name, contactPhone: input.phone,
    address: input.address, region: input.region, description: input.description,
  }, at);
  const licences = [['business_licence', '营业执照', 'Business licence'], ['food_licence', '食品经营许可证', 'Food business licence']] as const;
  for (const [kind, title, titleEn] of licences) {
    await addDocument(db, storage, actor, supplier.id, { kind, title, file: { filename: `${kind}.pdf`, bytes: demoReportPdf([`${titleEn} (demo)`, input.creditCode]) } });
  }
  await submitApplication(db, actor, supplier.id, at);
  await decide(db, operatorId, supplier.id, 'approve', '资质齐全，实地考察通过', at);
  return { supplier, memberId: member.id };
}

/** A harvested batch with a passing lab report, approved, and its cold-chain trip so far. */
async function inspectedBatch(db: Db, storage: FileStorage, operatorId: string, supplierMemberId: string, productId: string, input: { producedAt: Date; quantity: number; sourcePlace: string; lab: string; labEn: string; summary: string; trip: { kind: 'left_farm' | 'temperature' | 'arrived_warehouse'; at: Date; place: string; temperatureC?: number }[] }) {
  const actor = { id: supplierMemberId, isOperator: false };
  const batch = await createBatch(db, actor, { productId, producedAt: input.producedAt, quantity: input.quantity, sourcePlace: input.sourcePlace }, input.trip.at(-1)?.at ?? new Date());
  const inspectedAt = new Date(input.producedAt.getTime() + 2 * HOUR);
  await addInspection(db, storage, actor, batch.id, {
    lab: input.lab, inspectedAt, result: 'pass', summary: input.summary,
    report: { filename: `inspection-${batch.code}.pdf`, bytes: demoReportPdf(['Inspection report (demo)', `Batch ${batch.code}`, `Laboratory: ${input.labEn}`, `Sampled: ${inspectedAt.toISOString().slice(0, 10)}`, 'Pesticide residues: 62 items, none detected', 'Result: PASS']) },
  }, new Date(inspectedAt.getTime() + HOUR));
  await reviewBatch(db, operatorId, batch.id, 'approve', '报告齐全，检测合格', new Date(inspectedAt.getTime() + 2 * HOUR));
  for (const leg of input.trip) await addLogisticsEvent(db, actor, batch.id, { kind: leg.kind, occurredAt: leg.at, place: leg.place, temperatureC: leg.temperatureC ?? null }, leg.at);
  return batch;
}

export async function isEmpty(db: Db): Promise<boolean> {
  const [{ n }] = await db.select({ n: sql<number>`count(*)::int` }).from(users);
  return n === 0;
}

/**
 * The demo neighbourhood: 好邻生活圈 with 王叔 as its 生活顾问, 李阿姨, a young mother and 张大哥
 * as residents. Everything sold went through the real workflows: checkout (one order and one
 * payment per basket), payment, close, make-to-order, the operator's delivery and 王叔's receipt,
 * and hand-overs with the resident's rotating code or, for 张大哥, without a code. Today's 团 has
 * three items and 李阿姨 paid for all three at once; yesterday's 团 was handed over; 张大哥's eggs
 * were handed over without his code and wait for his confirmation.
 */
/**
 * `campaignDemo: false` leaves out 安心厨房计划's seven months of generated buying (most of the
 * seed's time): the browser journeys and tests that do not read its report seed without it.
 */
export async function seedDemo(db: Db, payments: PaymentProvider, storage: FileStorage, now = new Date(), opts: { campaignDemo?: boolean } = {}) {
  const operator = await findOrCreateUser(db, DEMO_ACCOUNTS[0].phone, DEMO_ACCOUNTS[0].name);
  await grantOperator(db, operator.id);
  for (const rule of DEFAULT_TAG_RULES) await createTagRule(db, operator.id, rule);
  const community = await createCommunity(db, {
    name: '好邻生活圈', address: '上海市浦东新区锦绣路 1888 弄（锦绣苑）', timeZone: 'Asia/Shanghai',
    pickupPointName: '3 号楼门口王叔便民驿站', pickupPointAddress: '锦绣苑 3 号楼 1 层', pickupHours: '08:00-20:00',
  });
  const { userId: leaderId } = await appointLeader(db, community.id, { phone: DEMO_ACCOUNTS[1].phone, name: '王叔', title: '好邻生活圈的生活顾问' }, operator.id);
  // 王叔 has lived here for years; he became the leader when the community joined Linli.
  await importJoinedAt(db, community.id, leaderId, new Date(now.getTime() - 6 * 365 * DAY));
  const residents: string[] = [];
  for (const acc of DEMO_ACCOUNTS.filter((a) => a.role === 'resident')) {
    const u = await findOrCreateUser(db, acc.phone, acc.name);
    await joinByInvite(db, community.inviteCode, u.id, leaderId);
    residents.push(u.id);
  }

  const strawberry = await createProduct(db, {
    name: '丹东有机草莓', spec: '约 500g/盒（20-25 颗）', unit: '盒', origin: '辽宁丹东 · 九九草莓专业合作社',
    description: '清晨 5 点采摘，冷链直送，当天上午 10 点前到自提点。不打膨大剂，农残检测合格。', imageUrls: ['/demo/strawberry.svg'], listPriceFen: 4980,
  });
  const eggs = await createProduct(db, {
    name: '林下散养土鸡蛋', spec: '30 枚/盒', unit: '盒', origin: '江西赣州 · 山林散养基地',
    description: '母鸡在林下自由觅食，不喂抗生素，蛋黄颜色自然。', imageUrls: ['/demo/eggs.svg'], listPriceFen: 5900,
  });
  const soy = await createProduct(db, {
    name: '零添加头道生抽', spec: '500ml/瓶', unit: '瓶', origin: '广东阳江 · 古法酱园',
    description: '只用大豆、小麦、盐和水，180 天日晒发酵，0 防腐剂 0 味精。', imageUrls: ['/demo/soy.svg'], listPriceFen: 3280,
  });
  const milk = await createProduct(db, {
    name: '崇明牧场鲜牛奶', spec: '950ml/瓶', unit: '瓶', origin: '上海崇明 · 东滩生态牧场',
    description: '清晨挤奶，巴氏杀菌，冷链当天送到驿站，冷藏 7 天。', imageUrls: ['/demo/milk.svg'], listPriceFen: 1980,
  });
  const greens = await createProduct(db, {
    name: '有机小白菜', spec: '约 400g/袋', unit: '袋', origin: '上海崇明 · 有机蔬菜合作社',
    description: '有机认证基地，当天采摘。', imageUrls: ['/demo/greens.svg'], listPriceFen: 890,
  });

  const farm = await admittedSupplier(db, storage, operator.id, { phone: DEMO_ACCOUNTS[5].phone, name: '老周', companyName: '丹东九九草莓专业合作社', creditCode: '93210681MA0Y8K2X3J', region: '辽宁丹东', address: '辽宁省丹东市东港市椅圈镇', description: '38 户草莓种植户组成的合作社，大棚种植，不用膨大剂。' }, new Date(now.getTime() - 30 * DAY));
  const henFarm = await admittedSupplier(db, storage, operator.id, { phone: '13700000002', name: '刘姐', companyName: '赣州林下生态养殖基地', creditCode: '91360700MA39XK5P2M', region: '江西赣州', address: '江西省赣州市信丰县', description: '林下散养土鸡，不喂抗生素。' }, new Date(now.getTime() - 30 * DAY));
  const sauce = await admittedSupplier(db, storage, operator.id, { phone: '13700000003', name: '黄师傅', companyName: '阳江古法酱园', creditCode: '91441700MA4W2R8N6E', region: '广东阳江', address: '广东省阳江市江城区', description: '三代人的日晒酱园，0 防腐剂。' }, new Date(now.getTime() - 30 * DAY));
  const dairy = await admittedSupplier(db, storage, operator.id, { phone: '13700000005', name: '顾场长', companyName: '崇明东滩生态牧场', creditCode: '91310230MA1J8D6R2A', region: '上海崇明', address: '上海市崇明区东滩', description: '200 头奶牛的家庭牧场，挤奶到装瓶不过夜。' }, new Date(now.getTime() - 30 * DAY));
  const coop = await admittedSupplier(db, storage, operator.id, { phone: '13700000004', name: '施大哥', companyName: '崇明有机蔬菜合作社', creditCode: '93310230MA1K4F7T9J', region: '上海崇明', address: '上海市崇明区', description: '有机认证基地。' }, new Date(now.getTime() - 30 * DAY));
  const facts: [typeof strawberry, string, Partial<typeof products.$inferInsert>][] = [
    [strawberry, farm.supplier.id, { category: 'fresh_produce', shelfLifeDays: 3, storage: '0–4℃ 冷藏', standards: ['不使用膨大剂', '农残检测合格', '可溯源'] }],
    [eggs, henFarm.supplier.id, { category: 'fresh_produce', shelfLifeDays: 30, storage: '冷藏保存', standards: ['不喂抗生素', '可溯源'] }],
    [soy, sauce.supplier.id, { category: 'packaged_food', shelfLifeDays: 540, storage: '阴凉干燥处', standards: ['0防腐剂', '0味精', '非转基因大豆', '可溯源'] }],
    [greens, coop.supplier.id, { category: 'fresh_produce', shelfLifeDays: 2, storage: '冷藏', standards: ['有机认证', '可溯源'] }],
    [milk, dairy.supplier.id, { category: 'fresh_produce', shelfLifeDays: 7, storage: '0–4℃ 冷藏', standards: ['巴氏杀菌', '不添加奶粉', '可溯源'] }],
  ];
  const supplierMember = new Map([[strawberry.id, farm.memberId], [eggs.id, henFarm.memberId], [soy.id, sauce.memberId], [greens.id, coop.memberId], [milk.id, dairy.memberId]]);
  for (const [p, supplierId, extra] of facts) await updateProduct(db, p.id, { supplierId, ...extra });

  const past = new Date(now.getTime() - 4 * DAY);
  const strawberryBatch = await inspectedBatch(db, storage, operator.id, farm.memberId, strawberry.id, {
    producedAt: new Date(now.getTime() - 20 * HOUR), quantity: 800, sourcePlace: '丹东东港椅圈镇 7 号大棚', lab: '辽宁省农产品质量安全检测中心', labEn: 'Liaoning Agricultural Product Quality Testing Center', summary: '农药残留 62 项均未检出，符合 GB 2763',
    trip: [
      { kind: 'left_farm', at: new Date(now.getTime() - 16 * HOUR), place: '丹东东港椅圈镇' },
      { kind: 'temperature', at: new Date(now.getTime() - 10 * HOUR), place: '沈海高速 · 冷链车', temperatureC: 3.2 },
      { kind: 'arrived_warehouse', at: new Date(now.getTime() - 2 * HOUR), place: '上海浦东冷链仓' },
    ],
  });
  const eggBatch = await inspectedBatch(db, storage, operator.id, henFarm.memberId, eggs.id, {
    producedAt: new Date(past.getTime() - 2 * DAY), quantity: 200, sourcePlace: '信丰县林下养殖 2 区', lab: '江西省食品检验检测研究院', labEn: 'Jiangxi Institute for Food Inspection', summary: '兽药残留、沙门氏菌检测合格',
    trip: [{ kind: 'left_farm', at: new Date(past.getTime() - DAY), place: '江西信丰' }, { kind: 'arrived_warehouse', at: new Date(past.getTime() - 2 * HOUR), place: '上海浦东冷链仓' }],
  });
  await inspectedBatch(db, storage, operator.id, sauce.memberId, soy.id, {
    producedAt: new Date(now.getTime() - 30 * DAY), quantity: 1000, sourcePlace: '阳江酱园 2 号晒场', lab: '广东省食品检验所', labEn: 'Guangdong Food Inspection Institute', summary: '防腐剂（苯甲酸、山梨酸）未检出',
    trip: [{ kind: 'left_farm', at: new Date(now.getTime() - 5 * DAY), place: '广东阳江' }],
  });
  const freshEggBatch = await inspectedBatch(db, storage, operator.id, henFarm.memberId, eggs.id, {
    producedAt: new Date(now.getTime() - 30 * HOUR), quantity: 300, sourcePlace: '信丰县林下养殖 2 区', lab: '江西省食品检验检测研究院', labEn: 'Jiangxi Institute for Food Inspection', summary: '兽药残留、沙门氏菌检测合格',
    trip: [{ kind: 'left_farm', at: new Date(now.getTime() - 26 * HOUR), place: '江西信丰' }, { kind: 'arrived_warehouse', at: new Date(now.getTime() - 4 * HOUR), place: '上海浦东冷链仓' }],
  });
  const milkBatch = await inspectedBatch(db, storage, operator.id, dairy.memberId, milk.id, {
    producedAt: new Date(now.getTime() - 8 * HOUR), quantity: 400, sourcePlace: '崇明东滩牧场 1 号挤奶厅', lab: '上海市食品药品检验研究院', labEn: 'Shanghai Institute for Food and Drug Control', summary: '菌落总数、蛋白质含量、抗生素残留检测合格',
    trip: [{ kind: 'left_farm', at: new Date(now.getTime() - 6 * HOUR), place: '上海崇明东滩' }, { kind: 'temperature', at: new Date(now.getTime() - 5 * HOUR), place: '长江隧桥 · 冷链车', temperatureC: 3.6 }, { kind: 'arrived_warehouse', at: new Date(now.getTime() - 3 * HOUR), place: '上海浦东冷链仓' }],
  });
  const greensBatch = await inspectedBatch(db, storage, operator.id, coop.memberId, greens.id, {
    producedAt: new Date(now.getTime() - 3.5 * DAY), quantity: 300, sourcePlace: '崇明有机蔬菜基地 4 号田', lab: '上海市农产品质量安全中心', labEn: 'Shanghai Agricultural Product Quality Center', summary: '农药残留 54 项均未检出',
    trip: [{ kind: 'left_farm', at: new Date(now.getTime() - 3.4 * DAY), place: '上海崇明' }, { kind: 'arrived_warehouse', at: new Date(now.getTime() - 3.2 * DAY), place: '上海浦东冷链仓' }],
  });
  const trials: [string, number, string][] = [
    [strawberry.id, 5, '我自己先买了两盒给孙女吃：酸甜刚好，个头匀称，切开没有空心。冷链到的，第二天还很新鲜。'],
    [eggs.id, 5, '家里吃了三个月了，蛋黄颜色自然不发红，打开没有腥味，蒸蛋特别嫩。'],
    [soy.id, 4, '配料表只有大豆、小麦、盐和水。炒菜提鲜够了，就是比超市的贵一点。'],
    [milk.id, 5, '早上到的奶，煮开有一层厚厚的奶皮，孙女说比超市的香。冷藏一周没问题。'],
    [greens.id, 4, '叶子嫩，没有药味，就是个头不大，当天吃最好。'],
  ];
  for (const [productId, rating, story] of trials) await recordTrial(db, storage, community.id, leaderId, { productId, rating, story, photos: [] });

  // How a resident pays and how a leader hands over in this demo: the real workflows.
  const buy = async (userId: string, lines: { itemId: string; quantity: number }[], key: string, at: Date, note?: string) => {
    const { order, payment } = await checkout(db, payments, { userId, communityId: community.id, lines, note, idempotencyKey: key }, 15, at);
    const [p] = await rowsOf<{ provider_ref: string }>(db, sql`select provider_ref from payments where id = ${payment!.paymentId}`);
    await handlePaymentSucceeded(db, payments, p.provider_ref, order.totalFen, new Date(at.getTime() + 60_000));
    return order;
  };
  /** 以销定产: the closed group buy's paid units become purchase orders; each supplier confirms. */
  const deliverAndReceive = async (groupBuyId: string, deliveredAt: Date, receivedAt: Date) => {
    await aggregateClosedGroupBuys(db);
    const lines = await rowsOf<{ id: string; purchase_order_id: string; quantity_ordered: number; product_id: string }>(db, sql`
      select id, purchase_order_id, quantity_ordered, product_id from purchase_order_lines where group_buy_id = ${groupBuyId} order by id`);
    for (const poId of [...new Set(lines.map((l) => l.purchase_order_id))]) {
      const po = await getPurchaseOrder(db, { id: operator.id, isOperator: true }, poId);
      if (po.status !== 'pending') continue;
      const member = supplierMember.get(lines.find((l) => l.purchase_order_id === poId)!.product_id)!;
      await confirmPurchaseOrder(db, { id: member, isOperator: false }, poId, po.lines.map((l) => ({ lineId: l.id, quantityConfirmed: l.quantityOrdered })), new Date(deliveredAt.getTime() - 12 * HOUR));
    }
    // The operator records the delivery at the pickup point; 王叔 counts it in: only then is it ready.
    for (const l of lines) await recordDelivery(db, payments, operator.id, l.id, l.quantity_ordered, deliveredAt);
    for (const l of lines) await receiveDelivery(db, payments, { leaderId, lineId: l.id, quantityReceived: l.quantity_ordered, now: receivedAt });
  };
  /** The code her phone shows at that moment, scanned by 王叔: every ready line at once (or those he ticks). */
  const handOver = async (userId: string, at: Date, lineIds?: string[]) => {
    const secret = await getOrCreatePickupSecret(db, userId);
    return verifyHandover(db, { communityId: community.id, leaderId, code: pickupCodeFor(secret, community.id, stepOf(at)), lineIds, now: at, locale: 'zh-CN' });
  };
  const lineOf = async (groupBuyId: string, userId: string, productId: string) => (await rowsOf<{ id: string }>(db, sql`
    select l.id from order_lines l join group_buy_items i on i.id = l.item_id
    where l.group_buy_id = ${groupBuyId} and l.user_id = ${userId} and i.product_id = ${productId}`))[0].id;

  // A past egg group buy that went all the way through: opened 4 days ago, closed, delivered and
  // received; 李阿姨 collected hers with her code; 小林 and 张大哥 come later (below).
  const eggBuy = await openGroupBuy(db, community.id, leaderId, {
    title: '林下散养土鸡蛋', note: '这批是刚下的新鲜蛋，到货后冷藏能放一个月。',
    opensAt: past, cutoffAt: shanghaiAt(past, 1, 20), pickupStartAt: shanghaiAt(past, 2, 9), pickupEndAt: shanghaiAt(past, 3, 20),
    items: [{ productId: eggs.id, batchId: eggBatch.id, priceFen: 3990, stockTotal: 40, perPersonLimit: 2 }],
  }, past);
  for (const [i, userId] of residents.entries()) {
    await buy(userId, [{ itemId: eggBuy.items[0].id, quantity: i === 0 ? 2 : 1 }], `seed-egg-${i}`, new Date(past.getTime() + (i + 1) * HOUR));
  }
  await closeDueGroupBuys(db, new Date(eggBuy.cutoffAt.getTime() + 1000));
  await deliverAndReceive(eggBuy.id, new Date(eggBuy.pickupStartAt.getTime() - HOUR), new Date(eggBuy.pickupStartAt.getTime() - 30 * 60_000));
  await handOver(residents[0], new Date(eggBuy.pickupStartAt.getTime() + HOUR));

  // Today's 团 (opened two hours ago): strawberries, eggs and milk in one group buy; cut-off
  // tomorrow 20:00, pickup the morning after. 李阿姨 paid for all three in one basket, with a note for 王叔; 张大哥 bought
  // strawberries; 小林 has milk in her basket and has not checked out yet.
  const live = await openGroupBuy(db, community.id, leaderId, {
    title: '周末鲜货团：丹东草莓 · 土鸡蛋 · 鲜牛奶',
    note: '草莓清晨 5 点采摘，鸡蛋和牛奶都是这两天的，冷链直送，上午 10 点前到驿站。草莓娇气，到货当天请尽量取走。',
    cutoffAt: shanghaiAt(now, 1, 20), pickupStartAt: shanghaiAt(now, 2, 10), pickupEndAt: shanghaiAt(now, 2, 19),
    items: [
      { productId: strawberry.id, batchId: strawberryBatch.id, priceFen: 3680, stockTotal: 60, perPersonLimit: 3 },
      { productId: eggs.id, batchId: freshEggBatch.id, priceFen: 3990, stockTotal: 40, perPersonLimit: 2 },
      { productId: milk.id, batchId: milkBatch.id, priceFen: 1590, stockTotal: 80, perPersonLimit: 4 },
    ],
  }, new Date(now.getTime() - 2 * HOUR));
  const [liveStrawberry, liveEggs, liveMilk] = live.items;
  await buy(residents[0], [{ itemId: liveStrawberry.id, quantity: 2 }, { itemId: liveEggs.id, quantity: 1 }, { itemId: liveMilk.id, quantity: 2 }], 'seed-live-basket-0', new Date(now.getTime() - 40 * 60_000), '草莓帮我挑不压的，谢谢王叔');
  await buy(residents[2], [{ itemId: liveStrawberry.id, quantity: 2 }], 'seed-straw-0', new Date(now.getTime() - 10 * 60_000));
  await setBasketItem(db, residents[1], community.id, liveMilk.id, 1, new Date(now.getTime() - 5 * 60_000));

  // Yesterday's 团 (an earlier harvest and organic greens): delivered, received and handed over
  // with each resident's code, so the after-sales journey has real lines. 小林's one scan also
  // hands over her eggs from the earlier 团 (everything ready for her, in one hand-over); 张大哥's
  // eggs were not in his bag, so 王叔 ticked only yesterday's two lines.
  const earlierBatch = await inspectedBatch(db, storage, operator.id, farm.memberId, strawberry.id, {
    producedAt: new Date(now.getTime() - 4 * DAY), quantity: 600, sourcePlace: '丹东东港椅圈镇 7 号大棚', lab: '辽宁省农产品质量安全检测中心', labEn: 'Liaoning Agricultural Product Quality Testing Center', summary: '农药残留 62 项均未检出，符合 GB 2763',
    trip: [{ kind: 'left_farm', at: new Date(now.getTime() - 3.5 * DAY), place: '丹东东港椅圈镇' }, { kind: 'arrived_warehouse', at: new Date(now.getTime() - 3.2 * DAY), place: '上海浦东冷链仓' }],
  });
  const yesterday = await openGroupBuy(db, community.id, leaderId, {
    title: '上一批草莓 + 有机小白菜', note: '上一批草莓，到货当天请尽快取走。',
    opensAt: new Date(now.getTime() - 3 * DAY), cutoffAt: new Date(now.getTime() - 2 * DAY), pickupStartAt: new Date(now.getTime() - 30 * HOUR), pickupEndAt: new Date(now.getTime() - 20 * HOUR),
    items: [
      { productId: strawberry.id, batchId: earlierBatch.id, priceFen: 3680, stockTotal: 40, perPersonLimit: 3 },
      { productId: greens.id, batchId: greensBatch.id, priceFen: 890, stockTotal: 30, perPersonLimit: 3 },
    ],
  }, new Date(now.getTime() - 3 * DAY));
  const [yStrawberry, yGreens] = yesterday.items;
  const yesterdayBaskets: { itemId: string; quantity: number }[][] = [
    [{ itemId: yStrawberry.id, quantity: 2 }, { itemId: yGreens.id, quantity: 2 }],
    [{ itemId: yStrawberry.id, quantity: 1 }],
    [{ itemId: yStrawberry.id, quantity: 1 }, { itemId: yGreens.id, quantity: 1 }],
  ];
  for (const [i, userId] of residents.entries()) {
    await buy(userId, yesterdayBaskets[i], `seed-straw-y-${i}`, new Date(now.getTime() - 3 * DAY + (i + 1) * HOUR));
  }
  await closeDueGroupBuys(db, new Date(yesterday.cutoffAt.getTime() + 1000));
  await deliverAndReceive(yesterday.id, new Date(yesterday.pickupStartAt.getTime() - HOUR), new Date(yesterday.pickupStartAt.getTime() - 30 * 60_000));
  const zhangYesterday = (await rowsOf<{ id: string }>(db, sql`select id from order_lines where group_buy_id = ${yesterday.id} and user_id = ${residents[2]} order by id`)).map((r) => r.id);
  for (const [i, userId] of residents.entries()) {
    await handOver(userId, new Date(yesterday.pickupStartAt.getTime() + (i + 1) * 20 * 60_000), userId === residents[2] ? zhangYesterday : undefined);
  }

  // 张大哥 came for his eggs this morning with a flat phone: 王叔 recorded the hand-over without
  // a code. It waits for 张大哥's confirmation in the app and settles by itself after 72 hours.
  const [zhangEggs] = await rowsOf<{ id: string }>(db, sql`select id from order_lines where group_buy_id = ${eggBuy.id} and user_id = ${residents[2]}`);
  await recordWithoutCode(db, { communityId: community.id, leaderId, residentKey: residents[2], lineIds: [zhangEggs.id], note: '张大哥手机没电了，鸡蛋当面交给他本人', now: new Date(now.getTime() - 2 * HOUR) });

  // History from before this demo's data: 李阿姨 has shopped here for a year (level A), 张大哥 for
  // half a year (level B). Written as trust evidence, the form the trust module keeps it in.
  const history: [string, number, number][] = [[residents[0], 400, 24], [residents[2], 200, 6]];
  for (const [userId, ageDays, goodOrders] of history) {
    await importAccountSince(db, userId, new Date(now.getTime() - ageDays * DAY));
    await importEvidence(db, Array.from({ length: goodOrders }, (_, i) => ({
      userId, communityId: community.id, kind: 'order_picked_up', good: true, severity: 1, credibility: 1,
      occurredAt: new Date(now.getTime() - (3 + 3 * i) * DAY), sourceEventId: -(1 + i + (userId === residents[0] ? 0 : 1000)),
    })));
  }
  await ingestTrustEvents(db, 1000, now);

  // The guarantee fund starts with the platform's money; two claims show the after-sales flow:
  // 小林's (a new account) went to 王叔 yesterday, who sent it on to the platform to check with
  // the supplier; 张大哥's waits in 王叔's inbox now.
  await topUpFund(db, operator.id, { amountFen: 500_000, memo: '平台首期保障金', idempotencyKey: 'seed-fund-1' }, new Date(now.getTime() - 5 * DAY));
  const linLine = await lineOf(yesterday.id, residents[1], strawberry.id);
  const zhangLine = await lineOf(yesterday.id, residents[2], strawberry.id);
  const policy = { claimWindowDays: 7, leaderResponseMinutes: 120, leaderRefundLimitFen: 10_000 };
  const photo = await scenePhoto(11);
  const linFiled = new Date(yesterday.pickupStartAt.getTime() + 3 * HOUR);
  const linClaim = await fileClaim(db, storage, payments, policy, { userId: residents[1], lineId: linLine, kind: 'bad_produce', quantity: 1, description: '有三颗草莓压烂了，底下还有点发霉。', photos: [{ filename: 'strawberry.jpg', bytes: photo }] }, linFiled);
  await leaderDecide(db, payments, policy, leaderId, linClaim.id, { action: 'escalate', note: '照片里看不清是运输压坏还是放久了，请平台和供应商一起核实' }, new Date(linFiled.getTime() + 20 * 60_000));
  await fileClaim(db, storage, payments, policy, { userId: residents[2], lineId: zhangLine, kind: 'missing', quantity: 1, description: '我订了一盒，取的时候袋子里只有半盒的量。', photos: [] }, new Date(now.getTime() - 20 * 60_000));

  // Community life before anything is sold: a welcome gift, 王叔's posts, a question, a poll, a
  // topic and a tasting event tomorrow afternoon.
  const leaderActor = { id: leaderId, isOperator: false };
  await setWelcomeGift(db, storage, leaderActor, community.id, {
    title: '《家庭应急手册》', description: '停水停电、老人摔倒、孩子发烧时先做什么，王叔整理的一页纸。',
    file: { filename: 'family-emergency-handbook.pdf', bytes: demoReportPdf(['Family emergency handbook (demo)', 'Water or power cut: call the property office 021-5888 0000', 'An elderly neighbour falls: do not lift, call 120', 'Child with fever above 38.5 C: see a doctor']) },
  });
  const at = (h: number) => new Date(now.getTime() - h * HOUR);
  const notice = await createPost(db, storage, leaderActor, community.id, { kind: 'notice', body: '本周六驿站上午 10 点开门，草莓到货后我会在群里说。取货时打开「取货码」给我扫一下就行，一家人的东西一次取完。' }, at(30));
  await setPinned(db, leaderActor, notice.id, true, at(30));
  await createPost(db, storage, leaderActor, community.id, { kind: 'knowledge', title: '草莓买回家怎么放？', body: '1. 先别洗，带着蒂放进冷藏，0–4℃。\n2. 吃之前再用流水冲，泡盐水没有必要。\n3. 两天内吃完，最新鲜。' }, at(28));
  await createPost(db, storage, leaderActor, community.id, { kind: 'recommendation', body: '这批丹东草莓我先试吃了，酸甜刚好；土鸡蛋和崇明鲜牛奶也在同一个团里，一起下单一次付款，明晚 8 点截单。', groupBuyId: live.id }, at(3));
  const question = await createPost(db, storage, { id: residents[2], isOperator: false }, community.id, { kind: 'question', body: '草莓买多了吃不完，可以冻起来做果酱吗？' }, at(20));
  await addComment(db, storage, { id: residents[0], isOperator: false }, question.id, { body: '可以的，我每年都做，加点冰糖小火熬。' }, at(19));
  await createPost(db, storage, leaderActor, community.id, { kind: 'poll', title: '下周想团什么水果？', body: '选你最想要的，票多的我去找靠谱的货源。', poll: { options: ['赣南脐橙', '烟台苹果', '海南芒果'], multiple: false, closesAt: new Date(now.getTime() + 3 * DAY) } }, at(6));
  await createPost(db, storage, leaderActor, community.id, { kind: 'topic', title: '晒出你的阳台花园', body: '冬天阳台上还有绿意吗？拍一张来看看。' }, at(26));
  const tasting = await createGathering(db, leaderId, community.id, {
    kind: 'offline', title: '草莓品鉴会', description: '老周从丹东带来当季草莓，大家一起尝一尝、聊一聊怎么挑。免费参加，名额有限。',
    startsAt: shanghaiAt(now, 1, 15), endsAt: shanghaiAt(now, 1, 17), place: '3 号楼门口王叔便民驿站', capacity: 12,
  }, at(24));
  await signUp(db, { id: residents[2], isOperator: false }, tasting.id, at(20));

  // Leaders as curators: 王叔's profile, a published course he passed, and two honours.
  await updateLeaderProfile(db, storage, community.id, leaderId, { mission: '先替邻居试，好的才推荐；有问题找我，我先兜底。' }, at(48));
  const course = await createCourse(db, operator.id, {
    title: '团长食品安全入门', description: '怎么看检测报告、冷链到货怎么验、坏果怎么处理。', passScore: 80,
    lessons: [
      { title: '看懂一份检测报告', body: '先看检测机构和日期，再看检测项目和结论。「未检出」不等于「零」，是低于检出限。', videoUrl: null },
      { title: '冷链到货怎么验', body: '到货先摸温度，再看包装有没有压坏；有问题拍照，当天在后台登记。', videoUrl: null },
    ],
    questions: [
      { prompt: '检测报告里的「未检出」是什么意思？', options: ['含量为零', '低于检出限', '没有检测'], correctIndex: 1 },
      { prompt: '冷链草莓到货，第一件事是？', options: ['马上分拣', '先摸温度、看包装', '通知居民来取'], correctIndex: 1 },
      { prompt: '居民说坏果，团长应该？', options: ['让她自己找平台', '先看照片，按保障规则先兜底', '不理会'], correctIndex: 1 },
    ],
  }, at(200));
  await publishCourse(db, operator.id, course.id, at(199));
  await enrol(db, leaderId, course.id, at(72));
  await submitQuiz(db, leaderId, course.id, [1, 1, 1], at(71));
  const star = await createHonour(db, operator.id, { name: '社区之星', description: '邻居们公认的热心人' }, 'zh-CN', at(60));
  await grantHonour(db, operator.id, star.id, { leaderId, communityId: community.id, reason: '今年台风天组织邻居互助送菜' }, 'zh-CN', at(59));
  await createHonour(db, operator.id, { name: '认证主理人', description: '完成平台培训课程的团长', rule: 'courses_completed >= 1' }, 'zh-CN', at(58));
  await evaluateHonours(db, now);

  // 安心厨房计划 with generated, seeded activity in three communities (demo data) for its results report.
  const anxin = opts.campaignDemo === false ? null : await seedCampaignDemo(db, payments, storage, { now, operatorId: operator.id, communityId: community.id, leaderId, supplierMemberId: sauce.memberId, supplierId: sauce.supplier.id });

  return {
    anxinCampaignId: anxin?.campaignId ?? null,
    communityId: community.id, leaderId, operatorId: operator.id, residents, liveGroupBuyId: live.id, liveItemIds: live.items.map((i) => i.id),
    pastGroupBuyId: eggBuy.id, yesterdayGroupBuyId: yesterday.id, tastingEventId: tasting.id, strawberryId: strawberry.id, milkId: milk.id,
    strawberryBatchCode: strawberryBatch.code, eggBatchCode: eggBatch.code, supplierId: farm.supplier.id,
  };
}
