import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Empty, Table, Tag } from 'antd';
import { factValue, type FactValue } from '../aftersales';

/** The order facts are listed in (the server's CLAIM_FACTS); facts it adds later follow. */
export const FACT_ORDER = [
  'kind', 'fresh', 'category', 'amount_yuan', 'order_yuan', 'hours_since_pickup', 'photo_present', 'photo_count', 'photo_suspect',
  'trust_level', 'trust_score', 'claims_30d', 'instant_claims_7d', 'claim_rate_90d', 'instant_quota_left_yuan', 'community_claim_rate_30d',
];
export function FactsTable({ facts, used }: { facts: Record<string, FactValue> | null; used: Record<string, FactValue> | null }) {
  const { t } = useTranslation('console');
  const rows = useMemo(() => {
    const entries = Object.entries(facts ?? {});
    const rank = (k: string) => { const i = FACT_ORDER.indexOf(k); return i < 0 ? FACT_ORDER.length : i; };
    return entries.sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b)).map(([name, value]) => ({ name, value, used: !!used && name in used }));
  }, [facts, used]);
  return (
    <Table
      size="small" rowKey="name" pagination={false} dataSource={rows} data-testid="claim-facts"
      rowClassName={(r) => (r.used ? 'fact-used' : '')}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('claims.noFacts')} /> }}
      columns={[
        {
          title: t('claims.factName'), dataIndex: 'name',
          render: (name: string) => <span>{t(`aftersales.facts.${name}`, { defaultValue: name })} <code className="fact-name">{name}</code></span>,
        },
        { title: t('claims.factValue'), dataIndex: 'value', width: 150, render: (v: FactValue, r) => <span className="money">{factValue(t, r.name, v)}</span> },
        { title: '', key: 'used', width: 90, render: (_, r) => (r.used ? <Tag color="orange">{t('claims.usedByRule')}</Tag> : null) },
      ]}
    />
  );
}
