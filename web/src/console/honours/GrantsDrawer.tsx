import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Alert, Button, Drawer, Empty, Space, Switch, Table, Tag, Tooltip, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { formatDateTime } from '../trustData';
import { formatDate, type Honour, type HonourFact, type HonourGrant } from '../training';
import { factValue, LeaderFactsModal } from './LeaderFactsModal';
import { GrantForm, RevokeModal } from './GrantForms';
import { type FactsOf, useHonourGrants } from './useHonours';

export function GrantsDrawer({ honour, facts, onClose }: { honour: Honour | null; facts: HonourFact[]; onClose: () => void }) {
  const { t, i18n } = useTranslation('console');
  const [revoking, setRevoking] = useState<HonourGrant | null>(null);
  const [factsOf, setFactsOf] = useState<FactsOf>(null);
  const [showRevoked, setShowRevoked] = useState(true);
  const grants = useHonourGrants(honour, i18n.language);
  const labels = new Map(facts.map((f) => [f.name, f.label]));
  const items = grants.data?.items ?? [];
  const standing = items.filter((g) => !g.revokedAt).length;
  const rows = showRevoked ? items : items.filter((g) => !g.revokedAt);

  const columns: ColumnsType<HonourGrant> = [
    {
      title: t('honours.grant.leader'), dataIndex: 'leaderName', width: 130,
      render: (v: string, g) => (
        <div>
          <Typography.Text strong>{v || t('honours.grant.unknownLeader')}</Typography.Text>
          <div>
            <Button type="link" size="small" className="link-tight" onClick={() => setFactsOf({ id: g.leaderId, name: g.leaderName })} data-testid="grant-facts">
              {t('honours.grant.viewFacts')}
            </Button>
          </div>
        </div>
      ),
    },
    {
      title: t('honours.grant.community'), dataIndex: 'communityName', width: 120,
      render: (v: string | null) => (v ? <span>{v}</span> : <Tooltip title={t('honours.grant.allCommunitiesHint')}><span className="cell-sub">{t('honours.grant.allCommunities')}</span></Tooltip>),
    },
    {
      title: t('honours.grant.how'), dataIndex: 'byRule', width: 92,
      render: (byRule: boolean) => <Tag color={byRule ? 'blue' : 'orange'} data-testid="grant-how">{byRule ? t('honours.grant.byRule') : t('honours.grant.byHand')}</Tag>,
    },
    {
      title: t('honours.grant.reason'), dataIndex: 'reason',
      render: (v: string, g) => (
        <div>
          <div className="grant-reason">{v}</div>
          {g.byRule && g.facts && Object.keys(g.facts).length > 0 && (
            <div className="cell-sub">
              {t('honours.grant.factsThen', { facts: Object.entries(g.facts).map(([k, val]) => `${labels.get(k) ?? k} ${factValue(k, val, t)}`).join('、') })}
            </div>
          )}
          {g.revokedAt && (
            <div className="grant-revoked" data-testid="grant-revoked">
              {t('honours.grant.revokedLine', { time: formatDateTime(g.revokedAt, i18n.language), reason: g.revokeReason ?? '' })}
            </div>
          )}
        </div>
      ),
    },
    {
      title: t('honours.grant.grantedAt'), dataIndex: 'grantedAt', width: 104,
      render: (v: string) => <Tooltip title={formatDateTime(v, i18n.language)}><span className="cell-time">{formatDate(v, i18n.language)}</span></Tooltip>,
    },
    {
      title: t('honours.grant.state'), key: 'state', width: 96,
      render: (_, g) => (g.revokedAt
        ? <Tag data-testid="grant-state">{t('honours.grant.revoked')}</Tag>
        : (
          <Space size={4} orientation="vertical" align="start">
            <Tag color="green" data-testid="grant-state">{t('honours.grant.standing')}</Tag>
            <Button type="link" size="small" danger className="link-tight" onClick={() => setRevoking(g)} data-testid="grant-revoke">{t('honours.grant.revoke')}</Button>
          </Space>
        )),
    },
  ];

  return (
    <Drawer
      title={honour ? t('honours.grant.title', { name: honour.name }) : ''}
      open={!!honour} onClose={onClose} size={Math.min(900, window.innerWidth - 16)} destroyOnHidden data-testid="honour-grants-drawer"
    >
      {honour && (
        <>
          <div className="honour-summary">
            {honour.description && <div className="honour-summary-desc">{honour.description}</div>}
            <div>
              {honour.rule
                ? <span><Tag color="blue">{t('honours.grant.byRule')}</Tag><span className="rule-reading">{honour.ruleText ?? honour.rule}</span></span>
                : <Tag className="honour-manual-tag">{t('honours.manual')}</Tag>}
            </div>
            {!honour.active && <Alert type="warning" showIcon style={{ marginTop: 10 }} title={t('honours.grant.inactive')} />}
          </div>

          <GrantForm honour={honour} onViewFacts={setFactsOf} />

          <div className="console-toolbar" style={{ marginTop: 20, marginBottom: 10 }}>
            <h3 style={{ margin: 0, fontSize: 15 }}>{t('honours.grant.listTitle', { standing, total: items.length })}</h3>
            <Space size={6}>
              <span className="cell-sub">{t('honours.grant.showRevoked')}</span>
              <Switch size="small" checked={showRevoked} onChange={setShowRevoked} />
            </Space>
          </div>
          {grants.isError ? (
            <Alert type="error" showIcon title={grants.error.message} action={<Button onClick={() => grants.refetch()}>{t('retry', { ns: 'common' })}</Button>} />
          ) : (
            <Table<HonourGrant>
              size="small" rowKey="id" loading={grants.isPending} dataSource={rows} columns={columns} scroll={{ x: 780 }}
              pagination={rows.length > 20 ? { pageSize: 20, size: 'small' } : false}
              rowClassName={(g) => (g.revokedAt ? 'row-inactive' : '')} data-testid="grants-table"
              locale={{ emptyText: <Empty description={t('honours.grant.empty')} /> }}
            />
          )}
          <RevokeModal grant={revoking} honour={honour} onClose={() => setRevoking(null)} />
          <LeaderFactsModal leader={factsOf} honour={honour} facts={facts} onClose={() => setFactsOf(null)} />
        </>
      )}
    </Drawer>
  );
}
