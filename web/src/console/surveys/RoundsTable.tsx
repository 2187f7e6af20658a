import { useTranslation } from 'react-i18next';
import { Empty, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { formatShort } from '../aftersales';
import { formatDateTime, pct } from '../trustData';
import type { SurveyRound } from '../NpsSurveysPage';

export function RoundsTable({ rows, loading, locale, highlight }: { rows: SurveyRound[]; loading: boolean; locale: string; highlight: string | null }) {
  const { t } = useTranslation('trust');
  const now = Date.now();
  const columns: ColumnsType<SurveyRound> = [
    {
      title: t('surveys.col.round'), key: 'round', width: 180,
      render: (_, r) => (
        <div>
          <Typography.Text strong>{r.title}</Typography.Text>
          <div className="survey-round-meta">
            <Tag color={r.subjectType === 'platform' ? 'orange' : 'purple'} bordered={false}>{t(`surveys.subjects.${r.subjectType}`)}</Tag>
            <Tooltip title={formatDateTime(r.opensAt, locale)}><span className="cell-sub cell-time">{t('surveys.opened', { time: formatShort(r.opensAt) })}</span></Tooltip>
          </div>
        </div>
      ),
    },
    { title: t('surveys.col.question'), dataIndex: 'question', width: 200, render: (q: string) => <Tooltip title={q}><span className="cell-clamp survey-question-cell">{q}</span></Tooltip> },
    {
      title: <Tooltip title={t('surveys.col.invitedHint')}><span className="kpi-title">{t('surveys.col.invited')}</span></Tooltip>,
      key: 'invited', width: 130, align: 'right',
      render: (_, r) => (
        <div>
          <span className="money">{t('surveys.invitedOf', { invited: r.invited, eligible: r.eligible })}</span>
          {r.sampleSize !== r.invited && <div className="cell-sub">{t('surveys.sampleAsked', { n: r.sampleSize })}</div>}
        </div>
      ),
    },
    {
      title: t('surveys.col.responded'), key: 'responded', width: 120, align: 'right',
      render: (_, r) => (
        <div>
          <span className="money">{r.responded}</span>
          <div className="cell-sub">{r.responseRate == null ? t('none') : pct(r.responseRate)}</div>
        </div>
      ),
    },
    {
      title: t('surveys.col.nps'), key: 'nps', width: 150,
      render: (_, r) => (r.insufficient || r.nps === null
        ? <Tooltip title={t('kpi.npsInsufficientHint', { n: r.n, min: r.minSample })}><span className="survey-insufficient">{t('surveys.insufficient', { n: r.n, min: r.minSample })}</span></Tooltip>
        : (
          <span className="survey-nps">
            <b>{`${r.nps > 0 ? '+' : ''}${r.nps.toFixed(1)}`}</b>
            {r.marginOfError95 !== null && <span className="cell-sub"> ±{r.marginOfError95.toFixed(1)}</span>}
            <div className="cell-sub">n = {r.n}</div>
          </span>
        )),
    },
    {
      title: <Tooltip title={t('surveys.col.breakdownHint')}><span className="kpi-title">{t('surveys.col.breakdown')}</span></Tooltip>,
      key: 'breakdown', width: 150, render: (_, r) => <NpsBar p={r.promoters} m={r.passives} d={r.detractors} /> },
    {
      title: t('surveys.col.state'), key: 'state', width: 120,
      render: (_, r) => {
        const open = now < new Date(r.closesAt).getTime();
        return (
          <div>
            <Tag color={open ? 'green' : 'default'} style={{ marginInlineEnd: 0 }}>{t(open ? 'surveys.open' : 'surveys.closed')}</Tag>
            <Tooltip title={formatDateTime(r.closesAt, locale)}>
              <div className="cell-sub cell-time">{t(open ? 'surveys.closesOn' : 'surveys.closedOn', { time: formatShort(r.closesAt) })}</div>
            </Tooltip>
          </div>
        );
      },
    },
  ];
  return (
    <Table<SurveyRound>
      rowKey="id" loading={loading} dataSource={rows} columns={columns} scroll={{ x: 1030 }} tableLayout="fixed" data-testid="survey-rounds"
      rowClassName={(r) => (r.id === highlight ? 'row-new' : '')}
      pagination={{ pageSize: 20, hideOnSinglePage: true }}
      locale={{ emptyText: <Empty description={t('surveys.empty')} /> }}
    />
  );
}

/** Promoters, passives and detractors as one stacked bar, with the counts under it. */
export function NpsBar({ p, m, d }: { p: number; m: number; d: number }) {
  const { t } = useTranslation('trust');
  const n = p + m + d;
  const label = t('surveys.breakdown', { p, m, d });
  if (n === 0) return <span className="cell-sub">{t('surveys.noAnswers')}</span>;
  const share = (k: number) => `${Math.round((k / n) * 100)}%`;
  return (
    <Tooltip title={`${label} · ${t('surveys.shares', { p: share(p), m: share(m), d: share(d) })}`}>
      <div className="nps-bar" role="img" aria-label={label}>
        {p > 0 && <span className="nps-bar-p" style={{ flexGrow: p }} />}
        {m > 0 && <span className="nps-bar-m" style={{ flexGrow: m }} />}
        {d > 0 && <span className="nps-bar-d" style={{ flexGrow: d }} />}
      </div>
      <div className="cell-sub nps-bar-legend">
        <span><i className="nps-dot nps-bar-p" />{p}</span>
        <span><i className="nps-dot nps-bar-m" />{m}</span>
        <span><i className="nps-dot nps-bar-d" />{d}</span>
      </div>
    </Tooltip>
  );
}
