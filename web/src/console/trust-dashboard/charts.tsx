import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Empty } from 'antd';
import type { EChartsOption } from 'echarts';
import { yuan } from '../../shared/api';
import { EChart } from '../EChart';
import { type MonthRow, pct, round1 } from '../trustData';

export const axisLabel = { color: '#666' };
export const splitLine = { lineStyle: { color: '#f0f0f0' } };

export function RepurchaseAovChart({ months, onMonth }: { months: MonthRow[]; onMonth: (m: string) => void }) {
  const { t } = useTranslation('trust');
  const option = useMemo<EChartsOption>(() => ({
    animation: false,
    color: ['#e8590c', '#f7c39c'],
    grid: { left: 52, right: 56, top: 36, bottom: 28 },
    legend: { top: 0, right: 0, itemWidth: 14, itemHeight: 8, textStyle: { color: '#555' } },
    tooltip: {
      trigger: 'axis', confine: true,
      formatter: (params: unknown) => {
        const list = params as { dataIndex: number }[];
        const r = months[list[0]?.dataIndex ?? 0];
        if (!r) return '';
        return [
          `<b>${r.month}</b>`,
          `${t('charts.repurchaseRate')}：${r.repurchaseRate == null ? t('none') : pct(r.repurchaseRate)}（${t('monthly.repeatOfPrevious', { repeat: r.repeatBuyers, prev: r.previousBuyers })}）`,
          `${t('charts.aov')}：${r.aovFen == null ? t('none') : yuan(r.aovFen)}（${t('kpi.n', { n: r.orders })}）`,
        ].join('<br/>');
      },
    },
    xAxis: { type: 'category', data: months.map((m) => m.month), axisLabel, axisTick: { alignWithLabel: true } },
    yAxis: [
      { type: 'value', min: 0, max: 100, axisLabel: { ...axisLabel, formatter: '{value}%' }, splitLine },
      { type: 'value', min: 0, axisLabel: { ...axisLabel, formatter: (v: number) => `¥${v}` }, splitLine: { show: false } },
    ],
    series: [
      {
        name: t('charts.repurchaseRate'), type: 'line', yAxisIndex: 0, z: 3, symbolSize: 7, connectNulls: false,
        data: months.map((m) => (m.repurchaseRate == null ? null : round1(m.repurchaseRate * 100))),
        label: { show: true, position: 'top', formatter: (p: { value?: unknown }) => `${Number(p.value).toFixed(1)}%`, color: '#d9480f', fontSize: 11 },
      },
      {
        name: t('charts.aov'), type: 'bar', yAxisIndex: 1, barMaxWidth: 28,
        data: months.map((m) => (m.aovFen == null ? null : m.aovFen / 100)),
        itemStyle: { borderRadius: [3, 3, 0, 0] },
      },
    ],
  }), [months, t]);
  if (months.every((m) => m.orders === 0)) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('charts.empty')} style={{ height: 260, paddingTop: 70 }} />;
  return <EChart option={option} height={280} ariaLabel={t('charts.repurchaseAov')} onCategory={(i) => months[i] && onMonth(months[i].month)} />;
}

export function OrdersBuyersChart({ months, onMonth }: { months: MonthRow[]; onMonth: (m: string) => void }) {
  const { t } = useTranslation('trust');
  const option = useMemo<EChartsOption>(() => ({
    animation: false,
    color: ['#1c7ed6', '#a5d8ff'],
    grid: { left: 44, right: 16, top: 36, bottom: 28 },
    legend: { top: 0, right: 0, itemWidth: 14, itemHeight: 8, textStyle: { color: '#555' } },
    tooltip: { trigger: 'axis', confine: true },
    xAxis: { type: 'category', data: months.map((m) => m.month), axisLabel, axisTick: { alignWithLabel: true } },
    yAxis: { type: 'value', minInterval: 1, axisLabel, splitLine },
    series: [
      { name: t('charts.orders'), type: 'bar', barMaxWidth: 22, data: months.map((m) => m.orders), itemStyle: { borderRadius: [3, 3, 0, 0] }, label: { show: true, position: 'top', color: '#555', fontSize: 11, formatter: (p: { value?: unknown }) => (p.value ? String(p.value) : '') } },
      { name: t('charts.buyers'), type: 'bar', barMaxWidth: 22, data: months.map((m) => m.buyers), itemStyle: { borderRadius: [3, 3, 0, 0] } },
    ],
  }), [months, t]);
  if (months.every((m) => m.orders === 0)) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('charts.empty')} style={{ height: 260, paddingTop: 70 }} />;
  return <EChart option={option} height={280} ariaLabel={t('charts.ordersBuyers')} onCategory={(i) => months[i] && onMonth(months[i].month)} />;
}

/** Claim rate and complaint rate (lines, %) with the money refunded on claims (bars, ¥). */
export function ClaimsChart({ months, onMonth }: { months: MonthRow[]; onMonth: (m: string) => void }) {
  const { t } = useTranslation('trust');
  const option = useMemo<EChartsOption>(() => {
    const rates = months.flatMap((m) => [m.claimRate ?? 0, m.complaintRate ?? 0]);
    // Small rates stay readable: the axis ends a little above the largest, never below 5%.
    const top = Math.max(5, Math.ceil((Math.max(...rates, 0) * 100 * 1.25) / 5) * 5);
    return {
      animation: false,
      color: ['#f08c00', '#d93026', '#ffd8a8'],
      grid: { left: 52, right: 64, top: 36, bottom: 28 },
      legend: { top: 0, right: 0, itemWidth: 14, itemHeight: 8, textStyle: { color: '#555' } },
      tooltip: {
        trigger: 'axis', confine: true,
        formatter: (params: unknown) => {
          const list = params as { dataIndex: number }[];
          const r = months[list[0]?.dataIndex ?? 0];
          if (!r) return '';
          return [
            `<b>${r.month}</b>`,
            `${t('charts.claimRate')}：${r.claimRate == null ? t('none') : pct(r.claimRate)}（${t('monthly.ofOrders', { k: r.claims, n: r.orders })}）`,
            `${t('charts.complaintRate')}：${r.complaintRate == null ? t('none') : pct(r.complaintRate)}（${t('monthly.ofOrders', { k: r.complaints, n: r.orders })}）`,
            `${t('charts.claimRefunds')}：${yuan(r.claimRefundFen)}`,
          ].join('<br/>');
        },
      },
      xAxis: { type: 'category', data: months.map((m) => m.month), axisLabel, axisTick: { alignWithLabel: true } },
      yAxis: [
        { type: 'value', min: 0, max: top, axisLabel: { ...axisLabel, formatter: '{value}%' }, splitLine },
        { type: 'value', min: 0, minInterval: 1, axisLabel: { ...axisLabel, formatter: (v: number) => `¥${v}` }, splitLine: { show: false } },
      ],
      series: [
        {
          name: t('charts.claimRate'), type: 'line', yAxisIndex: 0, z: 3, symbolSize: 7, connectNulls: false,
          data: months.map((m) => (m.claimRate == null ? null : round1(m.claimRate * 100))),
          label: { show: true, position: 'top', formatter: (p: { value?: unknown }) => `${Number(p.value).toFixed(1)}%`, color: '#d9480f', fontSize: 11 },
        },
        {
          name: t('charts.complaintRate'), type: 'line', yAxisIndex: 0, z: 4, symbolSize: 7, connectNulls: false, lineStyle: { type: 'dashed' },
          data: months.map((m) => (m.complaintRate == null ? null : round1(m.complaintRate * 100))),
          label: { show: true, position: 'bottom', formatter: (p: { value?: unknown }) => `${Number(p.value).toFixed(1)}%`, color: '#c92a2a', fontSize: 11 },
        },
        {
          name: t('charts.claimRefunds'), type: 'bar', yAxisIndex: 1, barMaxWidth: 28,
          data: months.map((m) => m.claimRefundFen / 100),
          itemStyle: { borderRadius: [3, 3, 0, 0] },
        },
      ],
    };
  }, [months, t]);
  if (months.every((m) => m.orders === 0 && m.claims === 0)) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('charts.empty')} style={{ height: 260, paddingTop: 70 }} />;
  return <EChart option={option} height={280} ariaLabel={t('charts.claimsComplaints')} onCategory={(i) => months[i] && onMonth(months[i].month)} />;
}
