import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { Alert, Card, Drawer, Empty, Skeleton, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { EChartsOption } from 'echarts';
import { api } from '../shared/api';
import { EChart } from './EChart';
import {
  DEFAULT_WEIGHTS, DIMENSIONS, DIMENSION_COLORS, type IndexDimension, type IndexHistory, type IndexReading, type LeaderRow,
  TIER_COLORS, TIER_FLOORS, formatDateTime, parseTs, pct, round1,
} from './trustData';
import { trustKeys } from '../shared/query-keys';

type Weights = Record<IndexDimension, number>;

/** One leader's index over time, and what the latest reading is made of — weights, scores and inputs. */
export function LeaderIndexDrawer({ leader, onClose }: { leader: LeaderRow | null; onClose: () => void }) {
  const { t, i18n } = useTranslation('trust');
  const history = useQuery({
    queryKey: trustKeys.leaderIndex(leader?.leaderId),
    queryFn: () => api<IndexHistory>(`/api/leaders/${leader!.leaderId}/trust-index`),
    enabled: !!leader,
  });
  const readings = history.data?.readings ?? [];
  const latest = readings.at(-1);
  const weights = useMemo<Weights>(() => ({ ...DEFAULT_WEIGHTS, ...history.data?.weights }), [history.data]);

  return (
    <Drawer title={leader ? t('drawer.title', { name: leader.leaderName }) : ''} open={!!leader} onClose={onClose} size={720} destroyOnHidden>
      {leader && (
        <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="leader-drawer">
          <div>
            <Typography.Text type="secondary">{leader.communityName}{leader.title ? ` · ${leader.title}` : ''}</Typography.Text>
            {latest && (
              <div className="drawer-headline">
                <span className="index-value index-value-lg">{latest.indexValue.toFixed(1)}</span>
                <Tag color={TIER_COLORS[latest.tier]}>{t(`tiers.${latest.tier}`)}</Tag>
                <Typography.Text type="secondary">
                  {t(`leaders.reason.${latest.reason}`)} · {t('leaders.commission')} {pct(latest.commissionRate)} · {t('leaders.orders')} {latest.orders} · {formatDateTime(latest.computedAt, i18n.language)}
                </Typography.Text>
              </div>
            )}
            {latest?.reason === 'provisional' && <div className="cell-sub">{t('leaders.provisionalHint', { orders: latest.orders })}</div>}
          </div>
          {history.isError ? <Alert type="error" showIcon message={history.error.message} />
            : history.isPending ? <Skeleton active paragraph={{ rows: 10 }} />
            : readings.length === 0 ? <Empty description={t('drawer.historyEmpty')} />
            : (
              <>
                <Card size="small" title={`${t('drawer.history')} · ${t('drawer.readings')} ${readings.length}`}>
                  <HistoryChart readings={readings} />
                </Card>
                <Card size="small" title={t('drawer.components')}>
                  <div className="cell-sub" style={{ marginBottom: 4 }}>{t('drawer.componentsHint')}</div>
                  <ComponentsChart reading={latest!} weights={weights} />
                  <ComponentsTable reading={latest!} weights={weights} />
                </Card>
                <Card size="small" title={t('drawer.inputs')}>
                  <div className="cell-sub" style={{ marginBottom: 8 }}>{t('drawer.inputsHint')}</div>
                  <InputsTable reading={latest!} />
                </Card>
              </>
            )}
        </Space>
      )}
    </Drawer>
  );
}

function HistoryChart({ readings }: { readings: IndexReading[] }) {
  const { t, i18n } = useTranslation('trust');
  const option = useMemo<EChartsOption>(() => {
    const points = readings.map((r) => [parseTs(r.computedAt).getTime(), round1(r.indexValue)] as [number, number]);
    const values = points.map((p) => p[1]);
    const yMin = Math.max(0, Math.floor((Math.min(...values, 45) - 8) / 10) * 10);
    const first = points[0][0];
    const last = points.at(-1)![0];
    const pad = Math.max((last - first) * 0.06, 86_400_000);
    const dayFmt = new Intl.DateTimeFormat(i18n.language === 'en' ? 'en' : 'zh-CN', { timeZone: 'Asia/Shanghai', month: 'numeric', day: 'numeric' });
    return {
      animation: false,
      grid: { left: 40, right: i18n.language === 'en' ? 92 : 64, top: 16, bottom: 28 },
      tooltip: {
        trigger: 'axis', confine: true,
        formatter: (params: unknown) => {
          const p = (params as { dataIndex: number }[])[0];
          const r = readings[p?.dataIndex ?? 0];
          if (!r) return '';
          return `<b>${formatDateTime(r.computedAt, i18n.language)}</b><br/>${t('leaders.index')}：${r.indexValue.toFixed(1)}<br/>${t('drawer.tierAt', { tier: t(`tiers.${r.tier}`), reason: t(`leaders.reason.${r.reason}`) })}<br/>${t('leaders.orders')}：${r.orders}`;
        },
      },
      xAxis: { type: 'time', min: first - pad, max: last + pad, minInterval: 86_400_000, axisLabel: { color: '#666', formatter: (v: number) => dayFmt.format(new Date(v)) }, splitLine: { show: false } },
      yAxis: { type: 'value', min: yMin, max: 100, axisLabel: { color: '#666' }, splitLine: { lineStyle: { color: '#f0f0f0' } } },
      series: [{
        // Each point in its tier's colour; a tier change gets a larger point.
        type: 'line', name: t('drawer.indexAxis'), color: '#e8590c',
        data: points.map((p, i) => ({ value: p, symbolSize: readings[i].tierChanged ? 11 : 7, itemStyle: { color: TIER_COLORS[readings[i].tier], borderColor: '#fff', borderWidth: 1 } })),
        symbol: 'circle',
        lineStyle: { width: 2 },
        markLine: {
          silent: true, symbol: 'none',
          data: TIER_FLOORS.filter((f) => f.min >= yMin).map((f) => ({
            yAxis: f.min, lineStyle: { color: TIER_COLORS[f.tier], type: 'dashed', opacity: 0.6 },
            label: { formatter: `${t(`tiers.${f.tier}`)} ${f.min}`, color: TIER_COLORS[f.tier], position: 'end' },
          })),
        },
      }],
    };
  }, [readings, t, i18n.language]);
  return <EChart option={option} height={240} ariaLabel={t('drawer.history')} />;
}

function ComponentsChart({ reading, weights }: { reading: IndexReading; weights: Weights }) {
  const { t, i18n } = useTranslation('trust');
  const option = useMemo<EChartsOption>(() => {
    const dims = [...DIMENSIONS].reverse();
    return {
      animation: false,
      grid: { left: i18n.language === 'en' ? 200 : 150, right: 64, top: 8, bottom: 24 },
      tooltip: { trigger: 'item', confine: true },
      xAxis: { type: 'value', min: 0, max: 100, axisLabel: { color: '#666' }, splitLine: { lineStyle: { color: '#f0f0f0' } } },
      yAxis: {
        type: 'category', data: dims.map((d) => `${t(`drawer.dims.${d}`)} · ${weights[d].toFixed(2)}`),
        axisLabel: { color: '#333' }, axisTick: { show: false },
      },
      series: [{
        type: 'bar', barWidth: 16,
        // A reading from before a factor was measured has no score for it: no bar, and it says so.
        data: dims.map((d) => {
          const score = reading.components[d];
          return score === undefined
            ? { value: 0, label: { formatter: t('drawer.notMeasured'), color: '#999' } }
            : { value: round1(score * 100), itemStyle: { color: DIMENSION_COLORS[d], borderRadius: [0, 3, 3, 0] } };
        }),
        label: { show: true, position: 'right', color: '#333', formatter: (p: { value?: unknown }) => Number(p.value).toFixed(1) },
      }],
    };
  }, [reading, weights, t, i18n.language]);
  return <EChart option={option} height={210} ariaLabel={t('drawer.components')} />;
}

function ComponentsTable({ reading, weights }: { reading: IndexReading; weights: Weights }) {
  const { t } = useTranslation('trust');
  const rows = DIMENSIONS.map((d) => {
    const score = reading.components[d];
    return {
      key: d, weight: weights[d], score,
      // Not measured then: the factor counted as 1, so it added nothing to ln L.
      contribution: reading.components[`ln_${d}`] ?? (score === undefined ? 0 : weights[d] * Math.log(Math.max(0.001, score))),
    };
  });
  const sum = rows.reduce((s, r) => s + r.contribution, 0);
  return (
    <Table
      size="small" pagination={false} dataSource={rows} style={{ marginTop: 8 }} data-testid="components-table"
      columns={[
        { title: t('drawer.dimension'), dataIndex: 'key', render: (d: IndexDimension) => <Space size={6}><span className="dim-dot" style={{ background: DIMENSION_COLORS[d] }} />{t(`drawer.dims.${d}`)}</Space> },
        { title: t('drawer.weight'), dataIndex: 'weight', align: 'right', render: (w: number) => w.toFixed(2) },
        {
          title: t('drawer.score'), dataIndex: 'score', align: 'right',
          render: (s: number | undefined) => (s === undefined
            ? <Tooltip title={t('drawer.notMeasuredHint')}><Typography.Text type="secondary">{t('drawer.notMeasured')}</Typography.Text></Tooltip>
            : (s * 100).toFixed(1)),
        },
        { title: t('drawer.contribution'), dataIndex: 'contribution', align: 'right', render: (c: number) => <span className="mono">{c.toFixed(3)}</span> },
      ]}
      summary={() => (
        <Table.Summary.Row>
          <Table.Summary.Cell index={0} colSpan={3}><Typography.Text type="secondary">{t('drawer.check', { value: (100 * Math.exp(sum)).toFixed(1) })}</Typography.Text></Table.Summary.Cell>
          <Table.Summary.Cell index={3} align="right"><span className="mono">{sum.toFixed(3)}</span></Table.Summary.Cell>
        </Table.Summary.Row>
      )}
    />
  );
}

/**
 * The evidence behind each factor, as the server counted it (decayed, so fractions are normal).
 * Where a factor has no evidence yet its prior applies, and that is said rather than left as 0.
 */
function InputsTable({ reading }: { reading: IndexReading }) {
  const { t } = useTranslation('trust');
  const x = reading.inputs;
  const n = (v: number | undefined) => (v === undefined ? t('none') : String(round1(v)));
  const noResponses = (x.claimsOnTime ?? 0) + (x.claimsLate ?? 0) === 0;
  const rows: { dim: IndexDimension; items: [string, string][]; note?: string }[] = [
    { dim: 'satisfaction', items: [[t('drawer.input.goodRatings'), n(x.goodRatings)], [t('drawer.input.badRatings'), n(x.badRatings)]] },
    {
      dim: 'complaintControl',
      items: [[t('drawer.input.complaints'), n(x.complaints)], [t('drawer.input.orders'), t('drawer.input.ordersValue', { n: n(x.orders), orders: reading.orders })]],
    },
    {
      dim: 'responseSpeed',
      items: [[t('drawer.input.claimsOnTime'), n(x.claimsOnTime)], [t('drawer.input.claimsLate'), n(x.claimsLate)]],
      note: noResponses ? t('drawer.input.claimsPrior') : t('drawer.input.claimsRule'),
    },
    { dim: 'activity', items: [[t('drawer.input.qualifiedBuyers30d'), n(x.qualifiedBuyers30d)]] },
    {
      dim: 'fulfilment',
      items: [[t('drawer.input.handedOver'), n(x.handedOver)], [t('drawer.input.handoverFaults'), n(x.handoverFaults)]],
      note: x.handedOver === undefined ? t('drawer.notMeasuredHint') : x.handedOver === 0 ? t('drawer.input.handoverPrior') : t('drawer.input.handoverRule'),
    },
  ];
  return (
    <table className="inputs-table" data-testid="leader-inputs">
      <tbody>
        {rows.map((r) => (
          <tr key={r.dim}>
            <th><Space size={6}><span className="dim-dot" style={{ background: DIMENSION_COLORS[r.dim] }} />{t(`drawer.dims.${r.dim}`)}</Space></th>
            <td>
              {r.items.map(([label, value]) => (
                <div key={label} className="input-line"><span>{label}</span><span className="input-value">{value}</span></div>
              ))}
              {r.note && <div className="cell-sub">{r.note}</div>}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
