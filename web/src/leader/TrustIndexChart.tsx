import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
// Only the parts this chart uses (a phone on mobile data should not download all of ECharts).
import * as echarts from 'echarts/core';
import { BarChart, LineChart, ScatterChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import type { LeaderIndexReading, LeaderTier } from '../shared/types';

echarts.use([BarChart, LineChart, ScatterChart, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, SVGRenderer]);

/** Tier floors (TRUST.md §4), drawn as faint dashed lines so the leader sees how far the next tier is. */
const TIER_LINES: { tier: LeaderTier; min: number }[] = [
  { tier: 'gold', min: 85 },
  { tier: 'silver', min: 75 },
  { tier: 'standard', min: 60 },
  { tier: 'watch', min: 45 },
];
export const TIER_COLORS: Record<LeaderTier, string> = {
  gold: '#f59f00', silver: '#868e96', standard: '#1c7ed6', watch: '#e8590c', rectify: '#d93026',
};

/** An ECharts instance on a div (SVG renderer), resized with the window and disposed on unmount. */
function useEChart() {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.EChartsType | null>(null);
  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current, undefined, { renderer: 'svg' });
    chart.current = c;
    const onResize = () => c.resize();
    window.addEventListener('resize', onResize);
    return () => {
      window.removeEventListener('resize', onResize);
      c.dispose();
      chart.current = null;
    };
  }, []);
  return { el, chart };
}

/**
 * The index over time (oldest first) with tier changes marked. SVG renderer (crisp on phones),
 * resized with the window and disposed on unmount.
 */
export function TrustIndexChart({ readings, timeZone }: { readings: LeaderIndexReading[]; timeZone: string }) {
  const { t, i18n } = useTranslation('leader');
  const { el, chart } = useEChart();

  useEffect(() => {
    const c = chart.current;
    if (!c) return;
    const locale = i18n.language === 'en' ? 'en' : 'zh-CN';
    const fmtDay = new Intl.DateTimeFormat(locale, { timeZone, month: 'numeric', day: 'numeric' });
    const fmtFull = new Intl.DateTimeFormat(locale, { timeZone, month: 'numeric', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false });
    const fmtClock = new Intl.DateTimeFormat(locale, { timeZone, hour: '2-digit', minute: '2-digit', hour12: false });
    const round1 = (x: number) => Math.round(x * 10) / 10;
    const points = readings.map((r) => [new Date(r.computedAt).getTime(), round1(r.indexValue)] as [number, number]);
    const changes = readings.filter((r) => r.tierChanged);
    const tierName = (tier: LeaderTier) => t(`trust.tiers.${tier}`);
    const values = points.map((p) => p[1]);
    const yMin = Math.max(0, Math.floor((Math.min(...values, 45) - 8) / 10) * 10);
    // One reading alone still gets a little width either side so the point is not pinned to an edge.
    const first = points[0]?.[0] ?? Date.now();
    const last = points.at(-1)?.[0] ?? first;
    const pad = Math.max((last - first) * 0.06, 3_600_000);
    // Readings within a day or two (operators recomputing) are told apart by the clock, weeks by the date.
    const fmtAxis = last - first < 2 * 86_400_000 ? fmtClock : fmtDay;
    c.setOption({
      animation: false,
      grid: { left: 34, right: 46, top: 18, bottom: 28 },
      tooltip: {
        trigger: 'axis',
        confine: true,
        formatter: (params: unknown) => {
          const list = Array.isArray(params) ? params : [params];
          const p = list.find((x: { seriesIndex?: number }) => x.seriesIndex === 0) as { dataIndex: number } | undefined;
          if (!p) return '';
          const r = readings[p.dataIndex];
          const head = fmtFull.format(new Date(r.computedAt));
          return `${head}<br/><b>${round1(r.indexValue)}</b> · ${tierName(r.tier)}${r.tierChanged ? ` (${t(`trust.reasons.${r.reason}`)})` : ''}`;
        },
      },
      xAxis: {
        type: 'time',
        min: first - pad,
        max: last + pad,
        axisLine: { lineStyle: { color: '#ddd' } },
        axisTick: { show: false },
        axisLabel: { color: '#999', fontSize: 11, hideOverlap: true, formatter: (v: number) => fmtAxis.format(new Date(v)) },
        splitLine: { show: false },
        splitNumber: 4,
      },
      yAxis: {
        type: 'value',
        min: yMin,
        max: 100,
        interval: 20,
        axisLabel: { color: '#999', fontSize: 11 },
        splitLine: { lineStyle: { color: '#f3f3f3' } },
      },
      series: [
        {
          name: t('trust.chartIndex'),
          type: 'line',
          data: points,
          smooth: false,
          symbol: 'circle',
          symbolSize: 6,
          lineStyle: { width: 2.5, color: '#e8590c' },
          itemStyle: { color: '#e8590c' },
          // The shaded area reads as a bar when all readings are minutes apart; keep it for real history.
          areaStyle: last - first < 2 * 86_400_000 ? undefined : { color: new echarts.graphic.LinearGradient(0, 0, 0, 1, [{ offset: 0, color: 'rgba(232,89,12,.18)' }, { offset: 1, color: 'rgba(232,89,12,0)' }]) },
          markLine: {
            silent: true,
            symbol: 'none',
            lineStyle: { type: 'dashed', width: 1 },
            label: { position: 'end', fontSize: 10, distance: 4, formatter: (p: { data?: { name?: string } }) => p.data?.name ?? '' },
            data: TIER_LINES.filter((l) => l.min >= yMin).map((l) => ({ name: tierName(l.tier), yAxis: l.min, lineStyle: { color: TIER_COLORS[l.tier], opacity: 0.55 }, label: { color: TIER_COLORS[l.tier] } })),
          },
        },
        {
          name: t('trust.chartTierChange'),
          type: 'scatter',
          data: changes.map((r) => ({
            value: [new Date(r.computedAt).getTime(), round1(r.indexValue)],
            itemStyle: { color: '#fff', borderColor: TIER_COLORS[r.tier], borderWidth: 2.5 },
            label: { show: true, position: 'top', formatter: tierName(r.tier), color: TIER_COLORS[r.tier], fontSize: 11, fontWeight: 'bold' },
          })),
          symbolSize: 12,
          z: 5,
          tooltip: { show: false },
        },
      ],
    }, true);
  }, [readings, timeZone, t, i18n.language]);

  return <div ref={el} className="trust-chart" data-testid="leader-index-chart" role="img" aria-label={t('trust.chartTitle')} />;
}

/** One month of the community's claim measures, ready to draw. */
export interface MonthlyRatesRow {
  month: string; label: string; orders: number; claims: number; complaints: number;
  claimRate: number | null; complaintRate: number | null; small: boolean;
}

const CLAIM_COLOR = '#1c7ed6';
const COMPLAINT_COLOR = '#d93026';

/**
 * Claim rate and complaint rate per month as grouped bars (a month without orders has none);
 * months with a small sample are drawn faint so one or two orders do not look like a trend.
 */
export function MonthlyRatesChart({ rows }: { rows: MonthlyRatesRow[] }) {
  const { t } = useTranslation('leader');
  const { el, chart } = useEChart();

  useEffect(() => {
    const c = chart.current;
    if (!c) return;
    const pct = (x: number) => `${Math.round(x * 1000) / 10}%`;
    const point = (rate: number | null, small: boolean, color: string) =>
      rate === null ? null : { value: Math.round(rate * 1000) / 10, itemStyle: { color, opacity: small ? 0.35 : 1 } };
    const top = Math.max(5, ...rows.flatMap((r) => [r.claimRate ?? 0, r.complaintRate ?? 0]).map((x) => x * 100));
    // A round step so the axis ends on a label (45% next to 40% would overlap).
    const step = top <= 10 ? 2 : top <= 25 ? 5 : top <= 50 ? 10 : 20;
    c.setOption({
      animation: false,
      grid: { left: 40, right: 8, top: 30, bottom: 24 },
      legend: { top: 0, right: 0, itemWidth: 10, itemHeight: 10, textStyle: { fontSize: 12, color: '#555' }, data: [t('trust.monthly.claimRate'), t('trust.monthly.complaintRate')] },
      tooltip: {
        trigger: 'axis',
        confine: true,
        axisPointer: { type: 'shadow' },
        formatter: (params: unknown) => {
          const list = Array.isArray(params) ? params : [params];
          const i = (list[0] as { dataIndex?: number } | undefined)?.dataIndex ?? 0;
          const r = rows[i];
          if (!r) return '';
          const rate = (x: number | null, n: number) => (x === null ? t('trust.monthly.none') : `${pct(x)} · ${t('trust.monthly.count', { n })}`);
          return [
            `<b>${r.label}</b> · ${t('trust.monthly.orders')} ${r.orders}${r.small ? ` · ${t('trust.monthly.small')}` : ''}`,
            `${t('trust.monthly.claimRate')} ${rate(r.claimRate, r.claims)}`,
            `${t('trust.monthly.complaintRate')} ${rate(r.complaintRate, r.complaints)}`,
          ].join('<br/>');
        },
      },
      xAxis: {
        type: 'category',
        data: rows.map((r) => r.label),
        axisLine: { lineStyle: { color: '#ddd' } },
        axisTick: { show: false },
        axisLabel: { color: '#999', fontSize: 11 },
      },
      yAxis: {
        type: 'value',
        min: 0,
        max: Math.min(100, Math.ceil(top / step) * step),
        interval: step,
        axisLabel: { color: '#999', fontSize: 11, formatter: (v: number) => `${v}%` },
        splitLine: { lineStyle: { color: '#f3f3f3' } },
      },
      series: [
        { name: t('trust.monthly.claimRate'), type: 'bar', barMaxWidth: 14, barGap: '20%', itemStyle: { color: CLAIM_COLOR }, data: rows.map((r) => point(r.claimRate, r.small, CLAIM_COLOR)) },
        { name: t('trust.monthly.complaintRate'), type: 'bar', barMaxWidth: 14, itemStyle: { color: COMPLAINT_COLOR }, data: rows.map((r) => point(r.complaintRate, r.small, COMPLAINT_COLOR)) },
      ],
    }, true);
  }, [rows, t]);

  return <div ref={el} className="monthly-chart" data-testid="leader-monthly-chart" role="img" aria-label={t('trust.monthly.title')} />;
}
