import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { useParams } from 'react-router';
import { Alert, Button, Card, Col, DatePicker, Empty, Row, Space, Spin, Statistic, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { api, ApiError } from '../../shared/api';
import type { components } from '../../shared/api-types';
import { EChart } from '../EChart';
import { campaignResultKeys } from '../../shared/query-keys';

type Results = components['schemas']['CampaignResults'];
type Slice = components['schemas']['CampaignResultsSlice'];
type Cmp = { diff: number | null; ci: { low: number; high: number } | null; insufficient: boolean };

const pct = (x: number | null | undefined) => (x == null ? '—' : `${(x * 100).toFixed(1)}%`);
const yuan = (fen: number | null | undefined) => (fen == null ? '—' : `¥${(fen / 100).toFixed(2)}`);

/** One comparison: the difference and its 95% interval in the measure's unit, or 样本不足. */
function Diff({ label, c, fmt }: { label: string; c: Cmp; fmt: (x: number) => string }) {
  const { t } = useTranslation('campaignResults');
  const sign = (x: number) => (x > 0 ? `+${fmt(x)}` : fmt(x));
  return (
    <div className="campaign-results-diff">
      <Typography.Text type="secondary">{label}</Typography.Text>{' '}
      {c.diff === null ? <Tag>{t('noFigure')}</Tag> : (
        <>
          <Typography.Text strong>{sign(c.diff)}</Typography.Text>
          {c.ci && <Typography.Text type="secondary">{` （95%：${sign(c.ci.low)} ~ ${sign(c.ci.high)}）`}</Typography.Text>}
        </>
      )}
      {c.insufficient && <Tag color="orange" style={{ marginLeft: 6 }}>{t('insufficient')}</Tag>}
    </div>
  );
}

/** A measure's card: during, before and comparison side by side, then the two differences. */
function MeasureCard({ title, hint, values, vsBefore, vsComparison, fmtDiff }: {
  title: string; hint: string; values: { campaign: [string, number]; before: [string, number]; comparison: [string, number] };
  vsBefore: Cmp; vsComparison: Cmp; fmtDiff: (x: number) => string;
}) {
  const { t } = useTranslation('campaignResults');
  return (
    <Card title={title} size="small" extra={<Typography.Text type="secondary">{hint}</Typography.Text>}>
      <Row gutter={12}>
        {(['campaign', 'before', 'comparison'] as const).map((g) => (
          <Col span={8} key={g}>
            <Statistic title={t(`group.${g}`)} value={values[g][0]} valueStyle={{ fontSize: 22, color: g === 'campaign' ? '#1677ff' : undefined }} />
            <Typography.Text type="secondary">n = {values[g][1]}</Typography.Text>
          </Col>
        ))}
      </Row>
      <div style={{ marginTop: 12 }}>
        <Diff label={t('vsBefore')} c={vsBefore} fmt={fmtDiff} />
        <Diff label={t('vsComparison')} c={vsComparison} fmt={fmtDiff} />
      </div>
    </Card>
  );
}

function npsText(f: { nps: number | null; marginOfError95: number | null; insufficient: boolean }, insufficient: string) {
  return f.insufficient || f.nps === null ? insufficient : `${f.nps} ± ${f.marginOfError95}`;
}

function SliceCards({ s }: { s: Slice }) {
  const { t } = useTranslation('campaignResults');
  const ppDiff = (x: number) => `${(x * 100).toFixed(1)} pp`;
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={12}>
        <MeasureCard title={t('measure.repurchase')} hint={t('hint.repurchase')} fmtDiff={ppDiff}
          values={{ campaign: [pct(s.repurchase.campaign.rate), s.repurchase.campaign.n], before: [pct(s.repurchase.before.rate), s.repurchase.before.n], comparison: [pct(s.repurchase.comparison.rate), s.repurchase.comparison.n] }}
          vsBefore={s.repurchase.vsBefore} vsComparison={s.repurchase.vsComparison} />
      </Col>
      <Col xs={24} xl={12}>
        <MeasureCard title={t('measure.aov')} hint={t('hint.aov')} fmtDiff={(x) => `¥${(x / 100).toFixed(2)}`}
          values={{ campaign: [yuan(s.aov.campaign.meanFen), s.aov.campaign.n], before: [yuan(s.aov.before.meanFen), s.aov.before.n], comparison: [yuan(s.aov.comparison.meanFen), s.aov.comparison.n] }}
          vsBefore={s.aov.vsBefore} vsComparison={s.aov.vsComparison} />
      </Col>
      <Col xs={24} xl={12}>
        <MeasureCard title={t('measure.claimRate')} hint={t('hint.claimRate')} fmtDiff={ppDiff}
          values={{ campaign: [pct(s.claimRate.campaign.rate), s.claimRate.campaign.n], before: [pct(s.claimRate.before.rate), s.claimRate.before.n], comparison: [pct(s.claimRate.comparison.rate), s.claimRate.comparison.n] }}
          vsBefore={s.claimRate.vsBefore} vsComparison={s.claimRate.vsComparison} />
      </Col>
      <Col xs={24} xl={12}>
        <MeasureCard title={t('measure.platformNps')} hint={t('hint.platformNps')} fmtDiff={(x) => x.toFixed(1)}
          values={{ campaign: [npsText(s.platformNps.campaign, t('insufficient')), s.platformNps.campaign.n], before: [npsText(s.platformNps.before, t('insufficient')), s.platformNps.before.n], comparison: [npsText(s.platformNps.comparison, t('insufficient')), s.platformNps.comparison.n] }}
          vsBefore={s.platformNps.vsBefore} vsComparison={s.platformNps.vsComparison} />
      </Col>
    </Row>
  );
}

/**
 * A campaign's results against its baseline (GET /api/campaigns/:id/results): a self-contained
 * section the campaign page can place, with its own period picker, charts and .xlsx download.
 */
export function CampaignResults({ campaignId, communityId }: { campaignId: string; communityId?: string }) {
  const { t } = useTranslation('campaignResults');
  const [range, setRange] = useState<[string, string] | null>(null);
  const qs = new URLSearchParams({ ...(range ? { from: range[0], to: range[1] } : {}), ...(communityId ? { communityId } : {}) }).toString();
  const q = useQuery({
    queryKey: campaignResultKeys.of(campaignId, qs),
    queryFn: () => api<Results>(`/api/campaigns/${campaignId}/results${qs ? `?${qs}` : ''}`),
    retry: false,
  });
  if (q.isPending) return <Spin style={{ display: 'block', margin: 48 }} />;
  const picker = (
    <DatePicker.RangePicker allowClear value={range ? [dayjs(range[0]), dayjs(range[1])] : null}
      onChange={(v) => setRange(v && v[0] && v[1] ? [v[0].format('YYYY-MM-DD'), v[1].format('YYYY-MM-DD')] : null)} />
  );
  if (q.isError) {
    const e = q.error as ApiError;
    return (
      <Space direction="vertical" style={{ width: '100%' }}>
        {picker}
        <Alert type={e.code === 'campaign_report.no_baseline' ? 'warning' : 'error'} showIcon message={t(e.code === 'campaign_report.no_baseline' ? 'noBaseline' : 'loadFailed')} description={e.message}
          action={<Button onClick={() => (range ? setRange(null) : q.refetch())}>{range ? t('backToCampaign') : t('retry')}</Button>} />
      </Space>
    );
  }
  const r = q.data;
  const months = [...r.before.months, ...r.period.months];
  const series = (group: 'participants' | 'comparison', pick: (m: string) => number | null) => months.map(pick);
  const rateOf = (group: 'participants' | 'comparison') => (m: string) => {
    const row = r.monthly.find((x) => x.group === group && x.month === m);
    return row?.rate == null ? null : Math.round(row.rate * 1000) / 10;
  };
  const aovOf = (group: 'participants' | 'comparison') => (m: string) => {
    const row = r.monthlyAov.find((x) => x.group === group && x.month === m);
    return row?.aovFen == null ? null : row.aovFen / 100;
  };
  const startMark = { markLine: { silent: true, symbol: 'none', lineStyle: { type: 'dashed' as const, color: '#999' }, label: { formatter: t('chart.start'), position: 'insideEndTop' as const }, data: r.period.months.length ? [{ xAxis: r.period.months[0] }] : [] } };
  const chart = (_title: string, unit: string, pick: (g: 'participants' | 'comparison') => (m: string) => number | null) => ({
    tooltip: { trigger: 'axis' as const },
    legend: { top: 0, right: 0 },
    grid: { left: 50, right: 20, top: 40, bottom: 30 },
    xAxis: { type: 'category' as const, data: months },
    yAxis: { type: 'value' as const, name: unit },
    series: [
      { name: t('series.participants'), type: 'line' as const, connectNulls: true, data: series('participants', pick('participants')), ...startMark },
      { name: t('series.comparison'), type: 'line' as const, connectNulls: true, data: series('comparison', pick('comparison')), lineStyle: { type: 'dotted' as const } },
    ],
  });
  const download = `/api/campaigns/${campaignId}/results.xlsx${qs ? `?${qs}` : ''}`;
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }} className="campaign-results">
      <Space wrap style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Text>
          {t('periods', { first: r.period.first, last: r.period.last, beforeFirst: r.before.first, beforeLast: r.before.last })}
        </Typography.Text>
        <Space>{picker}<Button href={download} download>{t('download')}</Button></Space>
      </Space>
      <Typography.Text type="secondary">
        {t('cohort', { participants: r.participants, newParticipants: r.newParticipants, comparison: r.comparisonResidents, communities: r.comparisonCommunities })}
      </Typography.Text>
      <Card size="small" title={t('campaignNps', { name: r.campaign.nameZh })}>
        {r.campaignNps.insufficient
          ? <Typography.Text>{t('npsInsufficient', { n: r.campaignNps.n, min: r.campaignNps.minSample })}</Typography.Text>
          : <Statistic value={r.campaignNps.nps ?? 0} suffix={<Typography.Text type="secondary">{` ± ${r.campaignNps.marginOfError95}（n = ${r.campaignNps.n}）`}</Typography.Text>} />}
      </Card>
      <SliceCards s={r} />
      {months.length > 0 ? (
        <Row gutter={16}>
          <Col xs={24} xl={12}><Card size="small" title={t('chart.repurchase')}><EChart height={280} ariaLabel={t('chart.repurchase')} option={chart(t('chart.repurchase'), '%', rateOf)} /></Card></Col>
          <Col xs={24} xl={12}><Card size="small" title={t('chart.aov')}><EChart height={280} ariaLabel={t('chart.aov')} option={chart(t('chart.aov'), '¥', aovOf)} /></Card></Col>
        </Row>
      ) : <Empty description={t('noMonths')} />}
      {r.communities.length > 0 && (
        <Card size="small" title={t('perCommunity')}>
          <Table size="small" rowKey={(c) => c.communityId ?? ''} pagination={false} dataSource={r.communities} columns={[
            { title: t('col.community'), dataIndex: 'communityName' },
            { title: t('col.participants'), dataIndex: 'participants' },
            { title: t('measure.repurchase'), render: (_, c) => `${pct(c.repurchase.before.rate)} → ${pct(c.repurchase.campaign.rate)}` },
            { title: t('measure.aov'), render: (_, c) => `${yuan(c.aov.before.meanFen)} → ${yuan(c.aov.campaign.meanFen)}` },
            { title: t('measure.claimRate'), render: (_, c) => pct(c.claimRate.campaign.rate) },
            { title: t('col.sample'), render: (_, c) => (c.repurchase.vsBefore.insufficient || c.aov.vsBefore.insufficient ? <Tag color="orange">{t('insufficient')}</Tag> : t('enough')) },
          ]} />
        </Card>
      )}
      <Typography.Text type="secondary">{t('method')}</Typography.Text>
    </Space>
  );
}

/** /console/campaign-results/:campaignId — the section on its own page. */
export default function CampaignResultsPage() {
  const { t } = useTranslation('campaignResults');
  const { campaignId = '' } = useParams();
  return (
    <div>
      <Typography.Title level={3}>{t('title')}</Typography.Title>
      <CampaignResults campaignId={campaignId} />
    </div>
  );
}
