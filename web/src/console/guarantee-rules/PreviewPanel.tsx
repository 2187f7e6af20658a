import { useTranslation } from 'react-i18next';
import { Alert, Col, Row, Statistic, Table } from 'antd';
import { formatDateTime } from '../trustData';
import { RULE_ACTIONS, money, shortId, type PreviewResult, type RuleAction } from '../aftersales';
import { ActionTag } from './ActionTag';

export function PreviewPanel({ result, stale, nameOf, onOpenClaim }: {
  result: PreviewResult; stale: boolean; nameOf: (key: string | null) => string | null; onOpenClaim: (id: string) => void;
}) {
  const { t, i18n } = useTranslation('console');
  const byAction = RULE_ACTIONS.filter((a) => result.byAction[a]).map((a) => ({ action: a, ...result.byAction[a]! }));
  const decision = (d: { ruleKey: string | null; action: RuleAction }) => (
    <div>
      <ActionTag action={d.action} />
      <div className="cell-sub">{d.ruleKey ? nameOf(d.ruleKey) : t('rules.preview.noRule')}</div>
    </div>
  );
  return (
    <div className={`preview-panel${stale ? ' preview-stale' : ''}`} data-testid="rule-preview-result">
      <h3>{t('rules.preview.title')}</h3>
      {stale && <Alert type="warning" showIcon title={t('rules.preview.stale')} style={{ marginBottom: 12 }} />}
      <Row gutter={16} style={{ marginBottom: 12 }}>
        <Col span={8}><Statistic title={t('rules.preview.examined')} value={result.examined} /></Col>
        <Col span={8}>
          <Statistic title={t('rules.preview.changed')} value={result.changedCount}
            styles={{ content: { color: result.changedCount > 0 ? '#d9480f' : '#2f9e44' } }} />
        </Col>
      </Row>
      {result.changedCount === 0 && <Alert type="success" showIcon title={t('rules.preview.none')} style={{ marginBottom: 12 }} />}
      {byAction.length > 0 && (
        <>
          <div className="rule-help-title">{t('rules.preview.byAction')}</div>
          <Table
            size="small" rowKey="action" pagination={false} dataSource={byAction} style={{ marginBottom: 16, maxWidth: 460 }} data-testid="preview-by-action"
            columns={[
              { title: t('rules.preview.action'), dataIndex: 'action', render: (a: RuleAction) => <ActionTag action={a} /> },
              { title: t('rules.preview.now'), dataIndex: 'before', align: 'right', render: (n: number) => <span className="money">{n}</span> },
              { title: t('rules.preview.after'), dataIndex: 'after', align: 'right', render: (n: number) => <span className="money">{n}</span> },
              {
                title: t('rules.preview.delta'), key: 'delta', align: 'right',
                render: (_, r) => { const d = r.after - r.before; return <span className={`money ${d > 0 ? 'delta-up' : d < 0 ? 'delta-down' : 'cell-sub'}`}>{d > 0 ? `+${d}` : d === 0 ? '0' : d}</span>; },
              },
            ]}
          />
        </>
      )}
      {result.changed.length > 0 && (
        <>
          <div className="rule-help-title">
            {t('rules.preview.changedList')}
            {result.changedCount > result.changed.length && <span className="cell-sub"> · {t('rules.preview.shown', { n: result.changed.length })}</span>}
          </div>
          <Table
            size="small" rowKey="claimId" pagination={result.changed.length > 10 ? { pageSize: 10, size: 'small' } : false} dataSource={result.changed}
            data-testid="preview-changed"
            columns={[
              {
                title: t('rules.preview.claim'), dataIndex: 'claimId', width: 96,
                render: (id: string) => <a href={`#claim-${id}`} className="mono" onClick={(e) => { e.preventDefault(); onOpenClaim(id); }}>{shortId(id)}</a>,
              },
              { title: t('rules.preview.createdAt'), dataIndex: 'createdAt', width: 140, render: (v: string) => <span className="cell-time">{formatDateTime(v, i18n.language)}</span> },
              { title: t('rules.preview.kind'), dataIndex: 'kind', render: (k: string) => t(`aftersales.kinds.${k}`, { defaultValue: k }) },
              { title: t('rules.preview.amount'), dataIndex: 'amountFen', align: 'right', render: (v: number) => <span className="money">{money(v)}</span> },
              { title: t('rules.preview.before'), key: 'before', render: (_, r) => decision(r.before) },
              { title: t('rules.preview.afterRule'), key: 'after', render: (_, r) => decision(r.after) },
            ]}
          />
        </>
      )}
    </div>
  );
}
