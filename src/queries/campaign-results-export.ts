// The campaign results as a workbook: one sheet per measure (each group, the two differences with
// their 95% intervals and n) plus the communities and the definitions. Numbers stay numbers.
import type ExcelJSModule from 'exceljs';
import { translate, type Locale } from '../platform/i18n.js';
import { neutraliseFormula } from './leader-orders-export.js';
import type { CampaignResults } from './campaign-results.js';

const loadExcel = (): Promise<typeof ExcelJSModule> => import('exceljs').then((m) => m.default);

type Cell = string | number | null;

export async function campaignResultsWorkbook(r: CampaignResults, locale: Locale): Promise<Buffer> {
  const ExcelJS = await loadExcel();
  const t = (k: string) => translate(locale, `campaignReport.${k}`);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'Linli 邻里';
  const sheet = (name: string, header: string[], rows: Cell[][], widths: number[]) => {
    const s = wb.addWorksheet(t(`sheet.${name}`), { views: [{ state: 'frozen', ySplit: 1 }] });
    s.addRow(header).font = { bold: true };
    for (const row of rows) s.addRow(row.map((c) => (c === null ? '' : c)));
    s.columns.forEach((c, i) => { c.width = widths[i] ?? 14; });
  };
  const periodOf = (g: 'campaign' | 'before' | 'comparison') => (g === 'before' ? `${r.before.first} – ${r.before.last}` : `${r.period.first} – ${r.period.last}`);
  const groups = ['campaign', 'before', 'comparison'] as const;
  const diffs = ['vsBefore', 'vsComparison'] as const;
  const yes = (b: boolean) => (b ? t('col.insufficient') : '');
  const head = [t('col.group'), t('col.period'), t('col.value'), t('col.x'), t('col.n'), t('col.diff'), t('col.ci'), t('col.insufficient')];
  const ci = (c: { low: number; high: number } | null, scale = 1) => (c ? `${(c.low * scale).toFixed(1)} – ${(c.high * scale).toFixed(1)}` : '');
  const rateRows = (m: CampaignResults['repurchase']): Cell[][] => [
    ...groups.map((g) => [t(`group.${g}`), periodOf(g), m[g].rate === null ? null : Math.round(m[g].rate! * 1000) / 10, m[g].x, m[g].n, null, null, yes(m[g].n < r.minSample)]),
    ...diffs.map((d) => [t(`group.${d}`), '', null, null, null, m[d].diff === null ? null : Math.round(m[d].diff! * 1000) / 10, ci(m[d].ci, 100), yes(m[d].insufficient)]),
  ];
  sheet('repurchase', head, rateRows(r.repurchase), [28, 24, 10, 10, 8, 10, 18, 10]);
  sheet('aov', head, [
    ...groups.map((g): Cell[] => [t(`group.${g}`), periodOf(g), r.aov[g].meanFen === null ? null : r.aov[g].meanFen! / 100, null, r.aov[g].n, null, null, yes(r.aov[g].n < r.minSample)]),
    ...diffs.map((d): Cell[] => [t(`group.${d}`), '', null, null, null, r.aov[d].diff === null ? null : Math.round(r.aov[d].diff!) / 100, ci(r.aov[d].ci, 0.01), yes(r.aov[d].insufficient)]),
  ], [28, 24, 10, 10, 8, 10, 18, 10]);
  sheet('claimRate', head, rateRows(r.claimRate), [28, 24, 10, 10, 8, 10, 18, 10]);
  sheet('nps', head, [
    [`${r.campaign.nameZh} NPS`, periodOf('campaign'), r.campaignNps.nps, null, r.campaignNps.n, null, r.campaignNps.marginOfError95 === null ? '' : `± ${r.campaignNps.marginOfError95}`, yes(r.campaignNps.insufficient)],
    ...groups.map((g): Cell[] => [t(`group.${g}`), periodOf(g), r.platformNps[g].nps, null, r.platformNps[g].n, null, r.platformNps[g].marginOfError95 === null ? '' : `± ${r.platformNps[g].marginOfError95}`, yes(r.platformNps[g].insufficient)]),
    ...diffs.map((d): Cell[] => [t(`group.${d}`), '', null, null, null, r.platformNps[d].diff, ci(r.platformNps[d].ci), yes(r.platformNps[d].insufficient)]),
  ], [28, 24, 10, 10, 8, 10, 18, 10]);
  const pct = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 10);
  sheet('communities', [t('col.community'), t('col.participants'), `${t('sheet.repurchase')} %`, `${t('sheet.repurchase')} ${t('col.diff')}`, t('col.ci'), `${t('sheet.aov')}`, `${t('sheet.aov')} ${t('col.diff')}`, t('col.ci'), `${t('sheet.claimRate')} %`],
    (r.communities.length ? r.communities : [r]).map((c) => [
      neutraliseFormula(c.communityName ?? ''), c.participants, pct(c.repurchase.campaign.rate), pct(c.repurchase.vsBefore.diff), ci(c.repurchase.vsBefore.ci, 100),
      c.aov.campaign.meanFen === null ? null : c.aov.campaign.meanFen / 100, c.aov.vsBefore.diff === null ? null : Math.round(c.aov.vsBefore.diff) / 100, ci(c.aov.vsBefore.ci, 0.01), pct(c.claimRate.campaign.rate),
    ]), [20, 10, 12, 14, 18, 10, 14, 18, 10]);
  sheet('definitions', [t('col.measure'), t('col.definition')],
    ['participants', 'before', 'comparison', 'repurchase', 'aov', 'claimRate', 'nps', 'demo'].map((k) => [k, t(`definitions.${k}`)]), [14, 120]);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
