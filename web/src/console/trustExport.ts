import type { TFunction } from 'i18next';
import { DIMENSIONS, type LeaderRow, type MonthRow, formatDateTime } from './trustData';

const YUAN = '"¥"#,##0.00';
const PCT = '0.0%';

/**
 * The monthly table and the leaders table as one .xlsx, built in the browser. exceljs is loaded
 * only when someone exports, so the console does not carry it on every visit. `scopeName` says
 * what the months are sliced by (all, a community, a leader or a product).
 */
export async function exportTrustWorkbook(opts: {
  t: TFunction; locale: string; scopeName: string; from: string; to: string; months: MonthRow[]; leaders: LeaderRow[]; npsLine: string;
}): Promise<string> {
  const { t, locale, scopeName, from, to, months, leaders, npsLine } = opts;
  const mod = await import('exceljs');
  const ExcelJS = (mod as unknown as { default?: typeof mod }).default ?? mod;
  const wb = new ExcelJS.Workbook();
  wb.creator = '邻里 Linli';
  wb.created = new Date();

  const header = (ws: import('exceljs').Worksheet) => {
    const row = ws.getRow(1);
    row.font = { bold: true };
    row.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF3E8' } };
    ws.views = [{ state: 'frozen', ySplit: 1 }];
  };

  const m = wb.addWorksheet(t('monthly.title'));
  m.columns = [
    { header: t('monthly.month'), key: 'month', width: 10 },
    { header: t('monthly.buyers'), key: 'buyers', width: 9 },
    { header: t('monthly.orders'), key: 'orders', width: 9 },
    { header: t('monthly.gmv'), key: 'gmv', width: 13, style: { numFmt: YUAN } },
    { header: t('monthly.refunds'), key: 'refunds', width: 12, style: { numFmt: YUAN } },
    { header: t('monthly.claimRefunds'), key: 'claimRefunds', width: 12, style: { numFmt: YUAN } },
    { header: t('monthly.net'), key: 'net', width: 13, style: { numFmt: YUAN } },
    { header: t('monthly.aov'), key: 'aov', width: 11, style: { numFmt: YUAN } },
    { header: t('monthly.arpu'), key: 'arpu', width: 12, style: { numFmt: YUAN } },
    { header: t('charts.previousBuyers'), key: 'previousBuyers', width: 14 },
    { header: t('monthly.repurchase'), key: 'repurchase', width: 10, style: { numFmt: PCT } },
    { header: t('monthly.repeatBuyers'), key: 'repeat', width: 14 },
    { header: t('monthly.pickup'), key: 'pickup', width: 10, style: { numFmt: PCT } },
    { header: t('monthly.pickedUp'), key: 'pickedUp', width: 12 },
    { header: t('monthly.readyOrHandedOver'), key: 'ready', width: 14 },
    { header: t('monthly.claimRate'), key: 'claimRate', width: 10, style: { numFmt: PCT } },
    { header: t('monthly.claims'), key: 'claims', width: 10 },
    { header: t('monthly.complaintRate'), key: 'complaintRate', width: 10, style: { numFmt: PCT } },
    { header: t('monthly.complaints'), key: 'complaints', width: 10 },
  ];
  for (const r of months) {
    m.addRow({
      month: r.month, buyers: r.buyers, orders: r.orders, gmv: r.gmvFen / 100, refunds: r.refundsFen / 100, claimRefunds: r.claimRefundFen / 100,
      // Net of claim refunds too, as the server's order value is: net ÷ orders = order value.
      net: (r.gmvFen - r.refundsFen - r.claimRefundFen) / 100,
      aov: r.aovFen === null ? null : r.aovFen / 100, arpu: r.arpuFen === null ? null : r.arpuFen / 100,
      previousBuyers: r.previousBuyers, repurchase: r.repurchaseRate, repeat: r.repeatBuyers,
      pickup: r.pickupRate, pickedUp: r.pickedUp, ready: r.readyOrHandedOver,
      claimRate: r.claimRate, claims: r.claims, complaintRate: r.complaintRate, complaints: r.complaints,
    });
  }
  header(m);

  const l = wb.addWorksheet(t('leaders.title'));
  l.columns = [
    { header: t('leaders.community'), key: 'community', width: 16 },
    { header: t('leaders.leader'), key: 'leader', width: 12 },
    { header: t('leaders.index'), key: 'index', width: 10, style: { numFmt: '0.0' } },
    { header: t('leaders.tier'), key: 'tier', width: 10 },
    ...DIMENSIONS.map((d) => ({ header: t(`drawer.dims.${d}`), key: d, width: 13, style: { numFmt: '0.000' } })),
    { header: t('leaders.commission'), key: 'commission', width: 9, style: { numFmt: PCT } },
    { header: t('leaders.orders'), key: 'orders', width: 10 },
    { header: t('leaders.computedAt'), key: 'computedAt', width: 18 },
  ];
  for (const r of leaders) {
    l.addRow({
      community: r.communityName, leader: r.leaderName, index: r.indexValue,
      tier: r.tier ? `${t(`tiers.${r.tier}`)}${r.reason ? ` · ${t(`leaders.reason.${r.reason}`)}` : ''}` : t('leaders.notComputed'),
      ...Object.fromEntries(DIMENSIONS.map((d) => [d, r.components?.[d] ?? null])),
      commission: r.commissionRate, orders: r.orders, computedAt: r.computedAt ? formatDateTime(r.computedAt, locale) : null,
    });
  }
  header(l);

  const about = wb.addWorksheet(t('dashboard.aboutSheet'));
  about.columns = [{ width: 22 }, { width: 90 }];
  about.addRows([
    [t('dashboard.scope'), scopeName],
    [t('dashboard.months'), `${from} – ${to} (Asia/Shanghai)`],
    [t('kpi.nps'), npsLine],
    [t('monthly.repurchase'), t('kpi.repurchaseHelp')],
    [t('monthly.aov'), t('kpi.aovHelp')],
    [t('monthly.pickup'), t('kpi.pickupHelp')],
    [t('monthly.claimRate'), t('kpi.claimRateHelp')],
    [t('monthly.complaintRate'), t('kpi.complaintRateHelp')],
    [t('leaders.index'), t('leaders.hint')],
    [t('drawer.dims.fulfilment'), t('drawer.fulfilmentHelp')],
    [t('dashboard.exportedAt'), formatDateTime(new Date().toISOString(), locale)],
  ]);
  about.getColumn(1).font = { bold: true };

  const buffer = await wb.xlsx.writeBuffer();
  const blob = new Blob([buffer], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
  const file = `${t('dashboard.title')}_${scopeName}_${from}_${to}.xlsx`.replace(/[\\/:*?"<>|\s·]+/g, '_');
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = file;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
  return file;
}
