import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Col, DatePicker, Descriptions, Empty, Popconfirm, Row, Segmented, Select, Skeleton, Space, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import type { EChartsOption } from 'echarts';
import { api, yuan } from '../shared/api';
import type { NpsReport } from '../shared/types';
import type { ConsoleCommunity, ConsoleProduct } from './types';
import { EChart } from './EChart';
import { LeaderIndexDrawer } from './LeaderIndexDrawer';
import { exportTrustWorkbook } from './trustExport';
import {
  type DrillKind, type LeaderRow, type MonthRow, TIER_COLORS, addMonths, fillMonths, formatDateTime, monthStart, pct, round1, shanghaiMonth,
} from './trustData';
import { communityKeys, metricsKeys, productKeys, trustKeys } from '../shared/query-keys';

type NpsSubject = 'leader' | 'platform' | 'product';
const DRILL_KINDS: DrillKind[] = ['community', 'leader', 'product'];
/** Whom the NPS card can ask about in each slice: a community's leaders or the platform; the leader; the product. */
const NPS_SUBJECTS: Record<DrillKind, NpsSubject[]> = { community: ['leader', 'platform'], leader: ['leader'], product: ['product'] };

/** `name` is how the slice is named in sentences and the export; `label` is what the select lists. */
interface ScopeOption { value: string; label: string; name: string; search: string }

export function TrustDashboardPage() {
  const { t, i18n } = useTranslation('trust');
  const { message } = App.useApp();
  const thisMonth = shanghaiMonth();
  // The slice lives in the address (?by=leader&id=…), so a drill-down can be shared and undone with Back.
  const [params, setParams] = useSearchParams();
  const by: DrillKind = DRILL_KINDS.includes(params.get('by') as DrillKind) ? (params.get('by') as DrillKind) : 'community';
  const rawId = params.get('id');
  const [range, setRange] = useState<[string, string]>([addMonths(thisMonth, -5), thisMonth]);
  const [npsChoice, setNpsChoice] = useState<NpsSubject>('leader');
  const [drawerLeader, setDrawerLeader] = useState<LeaderRow | null>(null);
  const [exporting, setExporting] = useState(false);
  const [detailMonth, setDetailMonth] = useState<string | null>(null);
  const [from, to] = range;
  const period = `from=${encodeURIComponent(monthStart(from))}&to=${encodeURIComponent(monthStart(addMonths(to, 1)))}`;

  const communities = useQuery({ queryKey: communityKeys.list(), queryFn: () => api<{ items: ConsoleCommunity[] }>('/api/communities') });
  const leaders = useQuery({ queryKey: trustKeys.leaders(), queryFn: () => api<{ items: LeaderRow[] }>('/api/leaders/trust-index') });
  const products = useQuery({
    queryKey: productKeys.list(), queryFn: () => api<{ items: ConsoleProduct[] }>('/api/products'), enabled: by === 'product',
  });

  /** The entities of the chosen kind, for the second select. A leader of two communities is listed once. */
  const scopeOptions = useMemo<ScopeOption[]>(() => {
    if (by === 'community') {
      return [{ value: 'all', label: t('dashboard.allCommunities'), name: t('dashboard.allCommunities'), search: '' },
        ...(communities.data?.items ?? []).map((c) => ({ value: c.id, label: c.name, name: c.name, search: c.name }))];
    }
    if (by === 'leader') {
      const byLeader = new Map<string, { name: string; communities: string[] }>();
      for (const l of leaders.data?.items ?? []) {
        const e = byLeader.get(l.leaderId) ?? { name: l.leaderName, communities: [] };
        e.communities.push(l.communityName);
        byLeader.set(l.leaderId, e);
      }
      return [...byLeader].map(([id, e]) => ({
        value: id, label: `${e.name} · ${e.communities.join('、')}`, name: `${e.name}（${e.communities.join('、')}）`, search: `${e.name} ${e.communities.join(' ')}`,
      }));
    }
    return (products.data?.items ?? []).map((p) => ({
      value: p.id, label: p.active ? `${p.name} · ${p.spec}` : `${p.name} · ${p.spec}（${t('dashboard.productOff')}）`, name: p.name, search: `${p.name} ${p.spec} ${p.origin}`,
    }));
  }, [by, communities.data, leaders.data, products.data, t]);
  const optionsPending = by === 'community' ? communities.isPending : by === 'leader' ? leaders.isPending : products.isPending;
  // Without a choice (or with one that no longer exists) a leader or product slice starts at the first of the list.
  const scopeId = by === 'community'
    ? (rawId && (communities.isPending || scopeOptions.some((o) => o.value === rawId)) ? rawId : 'all')
    : (rawId && (optionsPending || scopeOptions.some((o) => o.value === rawId)) ? rawId : scopeOptions[0]?.value ?? null);
  const scopeLabel = scopeOptions.find((o) => o.value === scopeId)?.name ?? '';
  const ready = by === 'community' || !!scopeId;
  const filter = by === 'community' ? (scopeId === 'all' ? '' : `&communityId=${scopeId}`)
    : by === 'leader' ? `&leaderId=${scopeId}` : `&productId=${scopeId}`;

  const npsSubjects = NPS_SUBJECTS[by];
  const npsSubject = npsSubjects.includes(npsChoice) ? npsChoice : npsSubjects[0];
  const npsFilter = by === 'community' ? filter : `&subjectId=${scopeId}`;

  const monthly = useQuery({
    queryKey: metricsKeys.monthly(by, scopeId, from, to),
    queryFn: () => api<{ items: MonthRow[] }>(`/api/metrics/monthly?${period}${filter}`),
    enabled: ready,
  });
  const nps = useQuery({
    queryKey: metricsKeys.nps(npsSubject, by, scopeId, from, to),
    queryFn: () => api<NpsReport>(`/api/metrics/nps?subjectType=${npsSubject}&${period}${npsFilter}`),
    enabled: ready,
  });
  // A leader or product slice with nothing to choose from shows empty months, not an endless skeleton.
  const monthlyPending = ready ? monthly.isPending : optionsPending;

  const months = useMemo(() => fillMonths(monthly.data?.items ?? [], from, to), [monthly.data, from, to]);
  const latest = months.at(-1);
  const shownMonth = months.find((m) => m.month === detailMonth) ?? latest;
  const leaderRows = useMemo(
    () => (leaders.data?.items ?? []).filter((l) => (by === 'community' ? scopeId === 'all' || l.communityId === scopeId : by === 'leader' ? l.leaderId === scopeId : true)),
    [leaders.data, by, scopeId],
  );
  const scopeName = by === 'community' ? scopeLabel || t('dashboard.allCommunities') : `${t(`dashboard.by.${by}`)} · ${scopeLabel}`;

  const drill = (kind: DrillKind, id: string | null) => {
    const p = new URLSearchParams(params);
    p.set('by', kind);
    if (id) p.set('id', id); else p.delete('id');
    if (kind === 'community' && (!id || id === 'all')) { p.delete('by'); p.delete('id'); }
    setParams(p);
  };
  const drillToLeader = (l: LeaderRow) => {
    drill('leader', l.leaderId);
    window.scrollTo({ top: 0, behavior: 'smooth' });
  };

  const doExport = async () => {
    setExporting(true);
    try {
      const r = nps.data;
      const npsLine = !r ? t('none') : `${t(`kpi.npsSubject.${npsSubject}`)} · ${r.insufficient || r.nps === null
        ? `${t('kpi.npsInsufficient')} (${t('kpi.npsInsufficientHint', { n: r.n, min: r.minSample })})`
        : `${r.nps.toFixed(1)} ${t('kpi.npsMargin', { moe: r.marginOfError95?.toFixed(1) })} · ${t('kpi.npsBreakdown', { n: r.n, p: r.promoters, m: r.passives, d: r.detractors })}`}`;
      const file = await exportTrustWorkbook({ t, locale: i18n.language, scopeName, from, to, months, leaders: leaderRows, npsLine });
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
            <Segmented<DrillKind>
              value={by} onChange={(k) => drill(k, null)} aria-label={t('dashboard.drillBy')} data-testid="trust-drill-kind"
              options={DRILL_KINDS.map((k) => ({ value: k, label: t(`dashboard.by.${k}`) }))}
            />
            <Select
              value={scopeId ?? undefined} onChange={(id: string) => drill(by, id)} style={{ width: by === 'community' ? 180 : 240 }}
              loading={optionsPending} aria-label={t(`dashboard.by.${by}`)} placeholder={t(`dashboard.pick.${by}`)}
              showSearch={by !== 'community' ? { optionFilterProp: 'search' } : false}
              options={scopeOptions} popupMatchSelectWidth={false}
              notFoundContent={optionsPending ? undefined : <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t(`dashboard.noneToPick.${by}`)} />}
              data-testid={by === 'community' ? 'trust-community' : `trust-${by}`}
            />
            <Tooltip title={t('dashboard.monthsHint')}>
              <DatePicker.RangePicker
                picker="month" allowClear={false} value={[dayjs(`${from}-01`), dayjs(`${to}-01`)]}
                disabledDate={(d: Dayjs) => d.format('YYYY-MM') > thisMonth}
                onChange={(v) => { if (v?.[0] && v[1]) setRange([v[0].format('YYYY-MM'), v[1].format('YYYY-MM')]); }}
                aria-label={t('dashboard.months')} style={{ width: 220 }}
              />
            </Tooltip>
            <Button onClick={doExport} loading={exporting} disabled={monthlyPending || leaders.isPending} data-testid="export-xlsx">
              {exporting ? t('dashboard.exporting') : t('dashboard.export')}
            </Button>
          </Space>
        </div>

        {by !== 'community' && (
          <Alert
            type="info" showIcon style={{ marginBottom: 16 }} data-testid="trust-drill"
            title={scopeId ? t(`dashboard.drilled.${by}`, { name: scopeLabel }) : t(`dashboard.noneToPick.${by}`)}
            action={<Button size="small" onClick={() => drill('community', null)}>{t('dashboard.backToAll')}</Button>}
          />
        )}
        {monthly.isError && (
          <Alert type="error" showIcon style={{ marginBottom: 16 }} title={`${t('dashboard.loadFailed')}：${monthly.error.message}`}
            action={<Button onClick={() => monthly.refetch()}>{t('retry')}</Button>} />
        )}

        <Row gutter={[16, 16]}>
          <Col xs={24} sm={12} xl={8}>
            <NpsCard report={nps.data} loading={ready ? nps.isPending : optionsPending} error={nps.error?.message} subject={npsSubject} subjects={npsSubjects} onSubject={setNpsChoice} />
          </Col>
          <Col xs={24} sm={12} xl={8}>
            <KpiCard testId="kpi-repurchase" title={t('kpi.repurchase')} help={t('kpi.repurchaseHelp')} loading={monthlyPending}
              value={latest?.repurchaseRate != null ? pct(latest.repurchaseRate) : t('none')}
              sample={latest ? t('kpi.n', { n: latest.previousBuyers }) : null}
              lines={latest ? [latest.previousBuyers > 0
                ? t('kpi.repurchaseInputs', { month: latest.month, repeat: latest.repeatBuyers, prev: latest.previousBuyers })
                : t('kpi.repurchaseNone', { month: latest.month })] : []} />
          </Col>
          <Col xs={24} sm={12} xl={8}>
            <KpiCard testId="kpi-aov" title={t('kpi.aov')} help={t('kpi.aovHelp')} loading={monthlyPending}
              value={latest?.aovFen != null ? yuan(latest.aovFen) : t('none')}
              sample={latest ? t('kpi.n', { n: latest.orders }) : null}
              lines={latest ? [latest.orders > 0
                ? t('kpi.aovInputs', { month: latest.month, gmv: yuan(latest.gmvFen), refunds: yuan(latest.refundsFen), claimRefunds: yuan(latest.claimRefundFen), orders: latest.orders })
                : t('kpi.aovNone', { month: latest.month })] : []} />
          </Col>
          <Col xs={24} sm={12} xl={8}>
            <KpiCard testId="kpi-pickup" title={t('kpi.pickup')} help={t('kpi.pickupHelp')} loading={monthlyPending}
              value={latest?.pickupRate != null ? pct(latest.pickupRate) : t('none')}
              sample={latest ? t('kpi.n', { n: latest.readyOrHandedOver }) : null}
              lines={latest ? [latest.readyOrHandedOver > 0
                ? t('kpi.pickupInputs', { month: latest.month, picked: latest.pickedUp, ready: latest.readyOrHandedOver })
                : t('kpi.pickupNone', { month: latest.month })] : []} />
          </Col>
          <Col xs={24} sm={12} xl={8}>
            <KpiCard testId="kpi-claims" title={t('kpi.claimRate')} help={t('kpi.claimRateHelp')} loading={monthlyPending}
              value={latest?.claimRate != null ? pct(latest.claimRate) : t('none')}
              sample={latest ? t('kpi.n', { n: latest.orders }) : null}
              lines={latest ? [
                latest.orders > 0 ? t('kpi.claimInputs', { month: latest.month, claims: latest.claims, orders: latest.orders }) : t('kpi.claimNone', { month: latest.month, claims: latest.claims }),
                t('kpi.claimRefunds', { amount: yuan(latest.claimRefundFen) }),
              ] : []} />
          </Col>
          <Col xs={24} sm={12} xl={8}>
            <KpiCard testId="kpi-complaints" title={t('kpi.complaintRate')} help={t('kpi.complaintRateHelp')} loading={monthlyPending}
              value={latest?.complaintRate != null ? pct(latest.complaintRate) : t('none')}
              sample={latest ? t('kpi.n', { n: latest.orders }) : null}
              lines={latest ? [latest.orders > 0
                ? t('kpi.complaintInputs', { month: latest.month, complaints: latest.complaints, orders: latest.orders })
                : t('kpi.complaintNone', { month: latest.month, complaints: latest.complaints })] : []} />
          </Col>
        </Row>

        <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
          <Col xs={24} xl={12}>
            <Card size="small" title={t('charts.repurchaseAov')}>
              {monthlyPending ? <Skeleton active paragraph={{ rows: 6 }} /> : <RepurchaseAovChart months={months} onMonth={setDetailMonth} />}
            </Card>
          </Col>
          <Col xs={24} xl={12}>
            <Card size="small" title={t('charts.ordersBuyers')}>
              {monthlyPending ? <Skeleton active paragraph={{ rows: 6 }} /> : <OrdersBuyersChart months={months} onMonth={setDetailMonth} />}
            </Card>
          </Col>
          <Col xs={24} xl={12}>
            <Card size="small" title={t('charts.claimsComplaints')}>
              {monthlyPending ? <Skeleton active paragraph={{ rows: 6 }} /> : <ClaimsChart months={months} onMonth={setDetailMonth} />}
            </Card>
          </Col>
          <Col xs={24} xl={12}>
            <MonthDetail months={months} row={shownMonth} loading={monthlyPending} onMonth={setDetailMonth} />
          </Col>
        </Row>

        <Card size="small" title={t('monthly.title')} extra={<span className="cell-sub">{t('monthly.clickHint')}</span>} style={{ marginTop: 16 }}>
          <MonthlyTable months={months} loading={monthlyPending} selected={shownMonth?.month} onMonth={setDetailMonth} />
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
          <Alert type="error" showIcon title={leaders.error.message} action={<Button onClick={() => leaders.refetch()}>{t('retry')}</Button>} />
        ) : (
          <LeadersTable rows={leaderRows} loading={leaders.isPending} onOpen={setDrawerLeader} onDrill={drillToLeader} drilledId={by === 'leader' ? scopeId : null} />
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

function NpsCard({ report, loading, error, subject, subjects, onSubject }: {
  report: NpsReport | undefined; loading: boolean; error?: string; subject: NpsSubject; subjects: NpsSubject[]; onSubject: (s: NpsSubject) => void;
}) {
  const { t } = useTranslation('trust');
  const extra = subjects.length > 1 ? (
    <Segmented<NpsSubject> size="small" value={subject} onChange={onSubject}
      options={subjects.map((s) => ({ value: s, label: t(`kpi.npsSubject.${s}`) }))} />
  ) : <Tag bordered={false} style={{ marginInlineEnd: 0 }}>{t(`kpi.npsSubject.${subject}`)}</Tag>;
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

function RepurchaseAovChart({ months, onMonth }: { months: MonthRow[]; onMonth: (m: string) => void }) {
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

function OrdersBuyersChart({ months, onMonth }: { months: MonthRow[]; onMonth: (m: string) => void }) {
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
function ClaimsChart({ months, onMonth }: { months: MonthRow[]; onMonth: (m: string) => void }) {
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

/** One month taken apart: every measure beside the counts it is made of. Clicking a chart or a row picks the month. */
function MonthDetail({ months, row, loading, onMonth }: { months: MonthRow[]; row: MonthRow | undefined; loading: boolean; onMonth: (m: string) => void }) {
  const { t } = useTranslation('trust');
  const none = t('none');
  const rate = (v: number | null, k: number, n: number) => (
    <span><b className="money">{v == null ? none : pct(v)}</b> <span className="cell-sub">{t('monthly.ofOrders', { k, n })}</span></span>
  );
  return (
    <Card
      size="small" className="month-detail" data-testid="month-detail"
      title={t('detail.title')}
      extra={(
        <Select size="small" value={row?.month} onChange={onMonth} style={{ width: 110 }} aria-label={t('monthly.month')}
          options={[...months].reverse().map((m) => ({ value: m.month, label: m.month }))} />
      )}
    >
      {loading || !row ? <Skeleton active paragraph={{ rows: 6 }} /> : (
        <Descriptions
          size="small" column={1} bordered
          items={[
            { key: 'orders', label: t('detail.orders'), children: t('detail.ordersValue', { orders: row.orders, buyers: row.buyers }) },
            {
              key: 'money', label: t('detail.money'),
              children: (
                <span className="money">
                  {t('detail.moneyValue', { gmv: yuan(row.gmvFen), refunds: yuan(row.refundsFen), claimRefunds: yuan(row.claimRefundFen), net: yuan(row.gmvFen - row.refundsFen - row.claimRefundFen) })}
                </span>
              ),
            },
            {
              key: 'aov', label: t('monthly.aov'),
              children: <span><b className="money">{row.aovFen == null ? none : yuan(row.aovFen)}</b> <span className="cell-sub">{t('detail.aovFormula', { n: row.orders })}</span></span>,
            },
            {
              key: 'repurchase', label: t('monthly.repurchase'),
              children: <span><b className="money">{row.repurchaseRate == null ? none : pct(row.repurchaseRate)}</b> <span className="cell-sub">{t('detail.repurchaseOf', { repeat: row.repeatBuyers, prev: row.previousBuyers })}</span></span>,
            },
            {
              key: 'pickup', label: t('monthly.pickup'),
              children: <span><b className="money">{row.pickupRate == null ? none : pct(row.pickupRate)}</b> <span className="cell-sub">{t('detail.pickupOf', { picked: row.pickedUp, ready: row.readyOrHandedOver })}</span></span>,
            },
            { key: 'claims', label: t('monthly.claimRate'), children: rate(row.claimRate, row.claims, row.orders) },
            { key: 'complaints', label: t('monthly.complaintRate'), children: rate(row.complaintRate, row.complaints, row.orders) },
          ]}
        />
      )}
    </Card>
  );
}

function MonthlyTable({ months, loading, selected, onMonth }: { months: MonthRow[]; loading: boolean; selected?: string; onMonth: (m: string) => void }) {
  const { t } = useTranslation('trust');
  const none = <Typography.Text type="secondary">{t('none')}</Typography.Text>;
  const money = (v: number) => <span className="money">{yuan(v)}</span>;
  const columns: ColumnsType<MonthRow> = [
    { title: t('monthly.month'), dataIndex: 'month', width: 84, fixed: 'left' },
    { title: t('monthly.buyers'), dataIndex: 'buyers', align: 'right', width: 68 },
    { title: t('monthly.orders'), dataIndex: 'orders', align: 'right', width: 68 },
    { title: t('monthly.gmv'), dataIndex: 'gmvFen', align: 'right', width: 92, render: money },
    { title: t('monthly.refunds'), dataIndex: 'refundsFen', align: 'right', width: 84, render: money },
    { title: t('monthly.claimRefunds'), dataIndex: 'claimRefundFen', align: 'right', width: 90, render: money },
    { title: t('monthly.aov'), dataIndex: 'aovFen', align: 'right', width: 86, render: (v: number | null) => (v == null ? none : money(v)) },
    { title: t('monthly.arpu'), dataIndex: 'arpuFen', align: 'right', width: 96, render: (v: number | null) => (v == null ? none : money(v)) },
    {
      title: t('monthly.repurchase'), key: 'repurchase', align: 'right', width: 96,
      render: (_, r) => <>{r.repurchaseRate == null ? none : pct(r.repurchaseRate)}<div className="cell-sub">{t('monthly.repeatOfPrevious', { repeat: r.repeatBuyers, prev: r.previousBuyers })}</div></>,
    },
    {
      title: t('monthly.pickup'), key: 'pickup', align: 'right', width: 86,
      render: (_, r) => <>{r.pickupRate == null ? none : pct(r.pickupRate)}<div className="cell-sub">{t('monthly.pickedOfReady', { picked: r.pickedUp, ready: r.readyOrHandedOver })}</div></>,
    },
    {
      title: <Tooltip title={t('kpi.claimRateHelp')}><span className="kpi-title">{t('monthly.claimRate')}</span></Tooltip>, key: 'claims', align: 'right', width: 86,
      render: (_, r) => <>{r.claimRate == null ? none : pct(r.claimRate)}{(r.orders > 0 || r.claims > 0) && <div className="cell-sub">{t('monthly.countOf', { k: r.claims, n: r.orders })}</div>}</>,
    },
    {
      title: <Tooltip title={t('kpi.complaintRateHelp')}><span className="kpi-title">{t('monthly.complaintRate')}</span></Tooltip>, key: 'complaints', align: 'right', width: 86,
      render: (_, r) => <>{r.complaintRate == null ? none : pct(r.complaintRate)}{(r.orders > 0 || r.complaints > 0) && <div className="cell-sub">{t('monthly.countOf', { k: r.complaints, n: r.orders })}</div>}</>,
    },
  ];
  return (
    <Table<MonthRow> rowKey="month" size="small" loading={loading} dataSource={[...months].reverse()} columns={columns}
      pagination={false} scroll={{ x: 1022 }} data-testid="monthly-table"
      rowClassName={(r) => `clickable-row${r.month === selected ? ' row-selected' : ''}`}
      onRow={(r) => ({ onClick: () => onMonth(r.month) })} />
  );
}

function LeadersTable({ rows, loading, onOpen, onDrill, drilledId }: {
  rows: LeaderRow[]; loading: boolean; onOpen: (l: LeaderRow) => void; onDrill: (l: LeaderRow) => void; drilledId: string | null;
}) {
  const { t, i18n } = useTranslation('trust');
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const recompute = useMutation({
    mutationFn: (l: LeaderRow) => api<{ indexValue: number }>(`/api/leaders/${l.leaderId}/trust-index/recompute`, { method: 'POST' }),
    onSuccess: async (res, l) => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: trustKeys.leaders() }),
        queryClient.invalidateQueries({ queryKey: trustKeys.leaderIndex(l.leaderId) }),
      ]);
      message.success(t('leaders.recomputed', { name: l.leaderName, value: res.indexValue.toFixed(1) }));
    },
    onError: (err) => message.error(err.message),
  });

  const columns: ColumnsType<LeaderRow> = [
    { title: t('leaders.community'), dataIndex: 'communityName', width: 140 },
    {
      title: t('leaders.leader'), key: 'leader', width: 170,
      render: (_, l) => <><Typography.Text strong>{l.leaderName}</Typography.Text>{l.title && <div className="cell-sub">{l.title}</div>}</>,
    },
    {
      title: t('leaders.index'), key: 'index', width: 190, sorter: (a, b) => (a.indexValue ?? -1) - (b.indexValue ?? -1),
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
      title: t('actions'), key: 'actions', width: 210,
      render: (_, l) => (
        <Space size={4}>
          <Button size="small" type="link" onClick={() => onOpen(l)} data-testid="leader-details">{t('leaders.details')}</Button>
          <Tooltip title={t('leaders.monthlyHint', { name: l.leaderName })}>
            <Button size="small" type="link" disabled={drilledId === l.leaderId} onClick={() => onDrill(l)} data-testid="leader-monthly">{t('leaders.monthly')}</Button>
          </Tooltip>
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
      rowKey={(l) => `${l.communityId}:${l.leaderId}`} loading={loading} dataSource={rows} columns={columns} scroll={{ x: 1060 }}
      pagination={{ pageSize: 20, hideOnSinglePage: true }} locale={{ emptyText: <Empty description={t('leaders.empty')} /> }}
      data-testid="leaders-table"
    />
  );
}
