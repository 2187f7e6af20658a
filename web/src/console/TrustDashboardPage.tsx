import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { Alert, App, Button, Card, Col, DatePicker, Empty, Row, Segmented, Select, Skeleton, Space, Tooltip } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { LeaderIndexDrawer } from './LeaderIndexDrawer';
import { exportTrustWorkbook } from './trustExport';
import { type DrillKind, type LeaderRow, addMonths, fillMonths, shanghaiMonth } from './trustData';
import { RepurchaseAovChart, OrdersBuyersChart, ClaimsChart } from './trust-dashboard/charts';
import { KpiRow, MonthDetail } from './trust-dashboard/cards';
import { MonthlyTable, LeadersTable } from './trust-dashboard/tables';
import { DRILL_KINDS, NPS_SUBJECTS, useDashboardMeasures, useDashboardScope, type NpsSubject } from './trust-dashboard/useTrustDashboard';

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

  const { leaders, scopeOptions, optionsPending, scopeId, scopeLabel } = useDashboardScope(by, rawId);
  const npsSubjects = NPS_SUBJECTS[by];
  const npsSubject = npsSubjects.includes(npsChoice) ? npsChoice : npsSubjects[0];
  const { ready, monthly, nps } = useDashboardMeasures({ by, scopeId, from, to, npsSubject });
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

        <KpiRow latest={latest} nps={nps} npsLoading={ready ? nps.isPending : optionsPending} monthlyPending={monthlyPending}
          npsSubject={npsSubject} npsSubjects={npsSubjects} onNpsSubject={setNpsChoice} />

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
