import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, DatePicker, Empty, Popconfirm, Row, Segmented, Select, Skeleton, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import type { EChartsOption } from 'echarts';
import { api, yuan } from '../shared/api';
import type { NpsReport } from '../shared/types';
import type { ConsoleCommunity } from './types';
import { EChart } from './EChart';
import { LeaderIndexDrawer } from './LeaderIndexDrawer';
import { exportTrustWorkbook } from './trustExport';
import {
  type LeaderRow, type MonthRow, TIER_COLORS, addMonths, fillMonths, formatDateTime, monthStart, pct, round1, shanghaiMonth,
} from './trustData';

type NpsSubject = 'leader' | 'platform';


export function TrustDashboardPage() {
  const { t, i18n } = useTranslation('trust');
  const { message } = App.useApp();
  const thisMonth = shanghaiMonth();
  const [communityId, setCommunityId] = useState<string>('all');
  const [range, setRange] = useState<[string, string]>([addMonths(thisMonth, -5), thisMonth]);
  const [npsSubject, setNpsSubject] = useState<NpsSubject>('leader');
  const [drawerLeader, setDrawerLeader] = useState<LeaderRow | null>(null);
  const [exporting, setExporting] = useState(false);
  const [from, to] = range;
  const scope = communityId === 'all' ? '' : `&communityId=${communityId}`;
  const period = `from=${encodeURIComponent(monthStart(from))}&to=${encodeURIComponent(monthStart(addMonths(to, 1)))}`;

  const communities = useQuery({ queryKey: ['console', 'communities'], queryFn: () => api<{ items: ConsoleCommunity[] }>('/api/communities') });
  const monthly = useQuery({
    queryKey: ['console', 'metrics', 'monthly', communityId, from, to],
    queryFn: () => api<{ items: MonthRow[] }>(`/api/metrics/monthly?${period}${scope}`),
  });
  const nps = useQuery({
    queryKey: ['console', 'metrics', 'nps', npsSubject, communityId, from, to],
    queryFn: () => api<NpsReport>(`/api/metrics/nps?subjectType=${npsSubject}&${period}${scope}`),
  });
  const leaders = useQuery({ queryKey: ['console', 'leaders-trust'], queryFn: () => api<{ items: LeaderRow[] }>('/api/leaders/trust-index') });

  const months = useMemo(() => fillMonths(monthly.data?.items ?? [], from, to), [monthly.data, from, to]);
  const latest = months.at(-1);
  const leaderRows = useMemo(
    () => (leaders.data?.items ?? []).filter((l) => communityId === 'all' || l.communityId === communityId),
    [leaders.data, communityId],
  );
  const communityName = communityId === 'all' ? t('dashboard.allCommunities') : communities.data?.items.find((c) => c.id === communityId)?.name ?? '';

  const doExport = async () => {
    setExporting(true);
    try {
      const r = nps.data;
      const npsLine = !r ? t('none') : `${t(`kpi.npsSubject.${npsSubject}`)} · ${r.insufficient || r.nps === null
        ? `${t('kpi.npsInsufficient')} (${t('kpi.npsInsufficientHint', { n: r.n, min: r.minSample })})`
        : `${r.nps.toFixed(1)} ${t('kpi.npsMargin', { moe: r.marginOfError95?.toFixed(1) })} · ${t('kpi.npsBreakdown', { n: r.n, p: r.promoters, m: r.passives, d: r.detractors })}`}`;
      const file = await exportTrustWorkbook({ t, locale: i18n.language, communityName, from, to, months, leaders: leaderRows, npsLine });
      message.success(t('dashboard.exported', { file }));
    } catch (err) {
      message.error(t('dashboard.exportFailed', { message: (err as Error).message }));
    } finally {
      setExporting(false);
    }
  };

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <div className="console-panel">
        <div className="console-toolbar">
          <div>
            <h2>{t('dashboard.title')}</h2>
            <div className="cell-sub">{t('dashboard.subtitle')}</div>
          </div>
          <Space wrap>
            <Select
              value={communityId} onChange={setCommunityId} style={{ width: 200 }} loading={communities.isPending} aria-label={t('dashboard.community')}
              options={[{ value: 'all', label: t('dashboard.allCommunities') }, ...(communities.data?.items ?? []).map((c) => ({ value: c.id, label: c.name }))]}
              data-testid="trust-community"
            />
            <Tooltip title={t('dashboard.monthsHint')}>
              <DatePicker.RangePicker
                picker="month" allowClear={false} value={[dayjs(`${from}-01`), dayjs(`${to}-01`)]}
                disabledDate={(d: Dayjs) => d.format('YYYY-MM') > thisMonth}
                onChange={(v) => { if (v?.[0] && v[1]) setRange([v[0].format('YYYY-MM'), v[1].format('YYYY-MM')]); }}
                aria-label={t('dashboard.months')}
              />
            </Tooltip>
            <Button onClick={doExport} loading={exporting} disabled={monthly.isPending || leaders.isPending} data-testid="export-xlsx">
              {exporting ? t('dashboard.exporting') : t('dashboard.export')}
            </Button>
          </Space>
        </div>

        {monthly.isError && (
          <Alert type="error" showIcon style={{ marginBottom: 16 }} message={`${t('dashboard.loadFailed')}：${monthly.error.message}`}
            action={<Button onClick={() => monthly.refetch()}>{t('retry')}</Button>} />
        )}

        <Row gutter={[16, 16]}>
          <Col xs={24} sm={12} xl={6}>
            <NpsCard report={nps.data} loading={nps.isPending} error={nps.error?.message} subject={npsSubject} onSubject={setNpsSubject} />
          </Col>
          <Col xs={24} sm={12} xl={6}>
            <KpiCard testId="kpi-repurchase" title={t('kpi.repurchase')} help={t('kpi.repurchaseHelp')} loading={monthly.isPending}
              value={latest?.repurchaseRate != null ? pct(latest.repurchaseRate) : t('none')}
              sample={latest ? t('kpi.n', { n: latest.previousBuyers }) : null}
              lines={latest ? [latest.previousBuyers > 0
                ? t('kpi.repurchaseInputs', { month: latest.month, repeat: latest.repeatBuyers, prev: latest.previousBuyers })
                : t('kpi.repurchaseNone', { month: latest.month })] : []} />
          </Col>
          <Col xs={24} sm={12} xl={6}>
            <KpiCard testId="kpi-aov" title={t('kpi.aov')} help={t('kpi.aovHelp')} loading={monthly.isPending}
              value={latest?.aovFen != null ? yuan(latest.aovFen) : t('none')}
              sample={latest ? t('kpi.n', { n: latest.orders }) : null}
              lines={latest ? [latest.orders > 0
                ? t('kpi.aovInputs', { month: latest.month, gmv: yuan(latest.gmvFen), refunds: yuan(latest.refundsFen), orders: latest.orders })
                : t('kpi.aovNone', { month: latest.month })] : []} />
          </Col>
          <Col xs={24} sm={12} xl={6}>
            <KpiCard testId="kpi-pickup" title={t('kpi.pickup')} help={t('kpi.pickupHelp')} loading={monthly.isPending}
              value={latest?.pickupRate != null ? pct(latest.pickupRate) : t('none')}
              sample={latest ? t('kpi.n', { n: latest.readyOrHandedOver }) : null}
              lines={latest ? [latest.readyOrHandedOver > 0
                ? t('kpi.pickupInputs', { month: latest.month, picked: latest.pickedUp, ready: latest.readyOrHandedOver })
                : t('kpi.pickupNone', { month: latest.month })] : []} />
          </Col>
        </Row>

        <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
          <Col xs={24} xl={12}>
            <Card size="small" title={t('charts.repurchaseAov')}>
              {monthly.isPending ? <Skeleton active paragraph={{ rows: 6 }} /> : <RepurchaseAovChart months={months} />}
            </Card>
          </Col>
          <Col xs={24} xl={12}>
            <Card size="small" title={t('charts.ordersBuyers')}>
              {monthly.isPending ? <Skeleton active paragraph={{ rows: 6 }} /> : <OrdersBuyersChart months={months} />}
            </Card>
          </Col>
        </Row>

        <Card size="small" title={t('monthly.title')} style={{ marginTop: 16 }}>
          <MonthlyTable months={months} loading={monthly.isPending} />
        </Card>
      </div>

      <div className="console-panel">
        <div className="console-toolbar">
          <div>
            <h2>{t('leaders.title')}</h2>
            <div className="cell-sub">{t('leaders.hint')}</div>
          </div>
        </div>
        {leaders.isError ? (
          <Alert type="error" showIcon message={leaders.error.message} action={<Button onClick={() => leaders.refetch()}>{t('retry')}</Button>} />
        ) : (
          <LeadersTable rows={leaderRows} loading={leaders.isPending} onOpen={setDrawerLeader} />
        )}
      </div>

      <LeaderIndexDrawer leader={drawerLeader} onClose={() => setDrawerLeader(null)} />
    </Space>
  );
}

function KpiCard({ title, help, value, sample, lines, loading, testId, extra }: {
  title: string; help: string; value: ReactNode; sample: string | null; lines: string[]; loading: boolean; testId: string; extra?: ReactNode;
}) {
  return (
    <Card size="small" className="kpi-card" data-testid={testId}
      title={<Tooltip title={help}><span className="kpi-title">{title}</span></Tooltip>} extra={extra}>
      {loading ? <Skeleton active title={false} paragraph={{ rows: 2 }} /> : (
        <>
          <div className="kpi-value-row">
            <span className="kpi-value">{value}</span>
            {sample && <span className="kpi-sample">{sample}</span>}
          </div>
          {lines.map((l) => <div key={l} className="cell-sub">{l}</div>)}
        </>
      )}
    </Card>
  );
}

function NpsCard({ report, loading, error, subject, onSubject }: {
  report: NpsReport | undefined; loading: boolean; error?: string; subject: NpsSubject; onSubject: (s: NpsSubject) => void;
}) {
  const { t } = useTranslation('trust');
  const extra = (
    <Segmented<NpsSubject> size="small" value={subject} onChange={onSubject}
      options={[{ value: 'leader', label: t('kpi.npsSubject.leader') }, { value: 'platform', label: t('kpi.npsSubject.platform') }]} />
  );
  if (error) {
    return <KpiCard testId="kpi-nps" title={t('kpi.nps')} help={t('kpi.npsHelp')} loading={false} value={t('none')} sample={null} lines={[error]} extra={extra} />;
  }
  const r = report;
  const insufficient = !r || r.insufficient || r.nps === null;
  return (
    <KpiCard
      testId="kpi-nps" title={t('kpi.nps')} help={t('kpi.npsHelp')} loading={loading} extra={extra}
      value={insufficient ? <span className="kpi-insufficient">{t('kpi.npsInsufficient')}</span> : `${r.nps! > 0 ? '+' : ''}${r.nps!.toFixed(1)}`}
      sample={r ? (insufficient ? t('kpi.n', { n: r.n }) : t('kpi.npsMargin', { moe: r.marginOfError95!.toFixed(1) })) : null}
      lines={r ? [
        insufficient ? t('kpi.npsInsufficientHint', { n: r.n, min: r.minSample }) : t('kpi.npsBreakdown', { n: r.n, p: r.promoters, m: r.passives, d: r.detractors }),
      ] : []}
    />
  );
}

const axisLabel = { color: '#666' };
const splitLine = { lineStyle: { color: '#f0f0f0' } };

function RepurchaseAovChart({ months }: { months: MonthRow[] }) {
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
  return <EChart option={option} height={280} ariaLabel={t('charts.repurchaseAov')} />;
}

function OrdersBuyersChart({ months }: { months: MonthRow[] }) {
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
  return <EChart option={option} height={280} ariaLabel={t('charts.ordersBuyers')} />;
}

function MonthlyTable({ months, loading }: { months: MonthRow[]; loading: boolean }) {
  const { t } = useTranslation('trust');
  const none = <Typography.Text type="secondary">{t('none')}</Typography.Text>;
  const columns: ColumnsType<MonthRow> = [
    { title: t('monthly.month'), dataIndex: 'month', width: 90 },
    { title: t('monthly.buyers'), dataIndex: 'buyers', align: 'right', width: 80 },
    { title: t('monthly.orders'), dataIndex: 'orders', align: 'right', width: 80 },
    { title: t('monthly.gmv'), dataIndex: 'gmvFen', align: 'right', render: (v: number) => yuan(v) },
    { title: t('monthly.refunds'), dataIndex: 'refundsFen', align: 'right', render: (v: number) => yuan(v) },
    { title: t('monthly.aov'), dataIndex: 'aovFen', align: 'right', render: (v: number | null) => (v == null ? none : yuan(v)) },
    { title: t('monthly.arpu'), dataIndex: 'arpuFen', align: 'right', render: (v: number | null) => (v == null ? none : yuan(v)) },
    {
      title: t('monthly.repurchase'), key: 'repurchase', align: 'right',
      render: (_, r) => <>{r.repurchaseRate == null ? none : pct(r.repurchaseRate)}<div className="cell-sub">{t('monthly.repeatOfPrevious', { repeat: r.repeatBuyers, prev: r.previousBuyers })}</div></>,
    },
    {
      title: t('monthly.pickup'), key: 'pickup', align: 'right',
      render: (_, r) => <>{r.pickupRate == null ? none : pct(r.pickupRate)}<div className="cell-sub">{t('monthly.pickedOfReady', { picked: r.pickedUp, ready: r.readyOrHandedOver })}</div></>,
    },
  ];
  return (
    <Table<MonthRow> rowKey="month" size="small" loading={loading} dataSource={[...months].reverse()} columns={columns}
      pagination={false} scroll={{ x: 820 }} data-testid="monthly-table" />
  );
}

function LeadersTable({ rows, loading, onOpen }: { rows: LeaderRow[]; loading: boolean; onOpen: (l: LeaderRow) => void }) {
  const { t, i18n } = useTranslation('trust');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const recompute = useMutation({
    mutationFn: (l: LeaderRow) => api<{ indexValue: number }>(`/api/leaders/${l.leaderId}/trust-index/recompute`, { method: 'POST' }),
    onSuccess: async (res, l) => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: ['console', 'leaders-trust'] }),
        queryClient.invalidateQueries({ queryKey: ['console', 'leader-index', l.leaderId] }),
      ]);
      message.success(t('leaders.recomputed', { name: l.leaderName, value: res.indexValue.toFixed(1) }));
    },
    onError: (err) => message.error(err.message),
  });

  const columns: ColumnsType<LeaderRow> = [
    { title: t('leaders.community'), dataIndex: 'communityName', width: 140 },
    {
      title: t('leaders.leader'), key: 'leader', width: 180,
      render: (_, l) => <><Typography.Text strong>{l.leaderName}</Typography.Text>{l.title && <div className="cell-sub">{l.title}</div>}</>,
    },
    {
      title: t('leaders.index'), key: 'index', width: 200, sorter: (a, b) => (a.indexValue ?? -1) - (b.indexValue ?? -1),
      render: (_, l) => l.indexValue == null || !l.tier ? <Typography.Text type="secondary">{t('leaders.notComputed')}</Typography.Text> : (
        <Space size={8} align="center">
          <span className="index-value">{l.indexValue.toFixed(1)}</span>
          <Tag color={TIER_COLORS[l.tier]} style={{ marginInlineEnd: 0 }}>{t(`tiers.${l.tier}`)}</Tag>
          {l.reason === 'provisional' ? (
            <Tooltip title={t('leaders.provisionalHint', { orders: l.orders ?? 0 })}><Tag bordered={false}>{t('leaders.reason.provisional')}</Tag></Tooltip>
          ) : l.reason && l.reason !== 'unchanged' ? <Tag bordered={false}>{t(`leaders.reason.${l.reason}`)}</Tag> : null}
        </Space>
      ),
    },
    { title: t('leaders.commission'), dataIndex: 'commissionRate', width: 90, align: 'right', render: (v: number) => pct(v) },
    {
      title: <Tooltip title={t('leaders.ordersHint')}><span className="kpi-title">{t('leaders.orders')}</span></Tooltip>,
      dataIndex: 'orders', width: 100, align: 'right', render: (v: number | null) => v ?? t('none'),
    },
    { title: t('leaders.computedAt'), dataIndex: 'computedAt', width: 160, render: (v: string | null) => (v ? formatDateTime(v, i18n.language) : t('none')) },
    {
      title: t('actions'), key: 'actions', width: 170,
      render: (_, l) => (
        <Space size={4}>
          <Button size="small" type="link" onClick={() => onOpen(l)} data-testid="leader-details">{t('leaders.details')}</Button>
          <Popconfirm
            title={t('leaders.recomputeConfirm', { name: l.leaderName })} description={<div style={{ maxWidth: 260 }}>{t('leaders.recomputeHint')}</div>}
            okText={t('leaders.recompute')} cancelText={t('cancel', { ns: 'common' })}
            onConfirm={() => recompute.mutateAsync(l).catch(() => undefined)}
          >
            <Button size="small" type="link" loading={recompute.isPending && recompute.variables?.leaderId === l.leaderId} data-testid="recompute-leader">
              {t('leaders.recompute')}
            </Button>
          </Popconfirm>
        </Space>
      ),
    },
  ];
  return (
    <Table<LeaderRow>
      rowKey={(l) => `${l.communityId}:${l.leaderId}`} loading={loading} dataSource={rows} columns={columns} scroll={{ x: 1040 }}
      pagination={{ pageSize: 20, hideOnSinglePage: true }} locale={{ emptyText: <Empty description={t('leaders.empty')} /> }}
      data-testid="leaders-table"
    />
  );
}
