import { type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { UseQueryResult } from '@tanstack/react-query';
import { Card, Col, Descriptions, Row, Segmented, Select, Skeleton, Tag, Tooltip } from 'antd';
import { yuan } from '../../shared/api';
import type { NpsReport } from '../../shared/types';
import { type MonthRow, pct } from '../trustData';
import type { NpsSubject } from './useTrustDashboard';

export function KpiCard({ title, help, value, sample, lines, loading, testId, extra }: {
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

export function NpsCard({ report, loading, error, subject, subjects, onSubject }: {
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

/** One month taken apart: every measure beside the counts it is made of. Clicking a chart or a row picks the month. */
export function MonthDetail({ months, row, loading, onMonth }: { months: MonthRow[]; row: MonthRow | undefined; loading: boolean; onMonth: (m: string) => void }) {
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

/** The headline figures of the slice: NPS, then repurchase, order value, pickup, claim and complaint rates of the last month shown. */
export function KpiRow({ latest, nps, npsLoading, monthlyPending, npsSubject, npsSubjects, onNpsSubject }: {
  latest: MonthRow | undefined; nps: UseQueryResult<NpsReport>; npsLoading: boolean; monthlyPending: boolean;
  npsSubject: NpsSubject; npsSubjects: NpsSubject[]; onNpsSubject: (s: NpsSubject) => void;
}) {
  const { t } = useTranslation('trust');
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} sm={12} xl={8}>
        <NpsCard report={nps.data} loading={npsLoading} error={nps.error?.message} subject={npsSubject} subjects={npsSubjects} onSubject={onNpsSubject} />
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
  );
}
