import { useTranslation } from 'react-i18next';
import { Alert, Button, Drawer, Skeleton, Space, Tag, Typography } from 'antd';
import { formatDateTime } from '../trustData';
import { type ConsoleRule } from '../aftersales';
import { ActionTag } from './ActionTag';
import { useRuleVersions } from './useGuaranteeRules';

export const DIFF_FIELDS = ['name', 'description', 'condition', 'action', 'priority', 'active'] as const;

export function VersionsDrawer({ rule, onClose }: { rule: ConsoleRule | null; onClose: () => void }) {
  const { t, i18n } = useTranslation('console');
  const versions = useRuleVersions(rule);
  const list = versions.data?.versions ?? [];
  return (
    <Drawer title={rule ? t('rules.historyTitle', { name: rule.name }) : ''} open={!!rule} onClose={onClose} size={Math.min(640, window.innerWidth - 16)} destroyOnHidden data-testid="rule-versions">
      {versions.isPending && <Skeleton active paragraph={{ rows: 8 }} />}
      {versions.isError && <Alert type="error" showIcon title={versions.error.message} action={<Button onClick={() => versions.refetch()}>{t('aftersales.retry')}</Button>} />}
      <div className="version-list">
        {list.map((v, i) => {
          const prev = list[i + 1];
          const changed = prev ? DIFF_FIELDS.filter((f) => v[f] !== prev[f]) : [];
          return (
            <div key={v.id} className={`version-card${i === 0 ? ' version-current' : ''}`} data-testid="rule-version">
              <div className="version-head">
                <Space size={6} wrap>
                  <Typography.Text strong>{t('rules.versionN', { n: v.version })}</Typography.Text>
                  {i === 0 && <Tag color="orange">{t('rules.current')}</Tag>}
                  <ActionTag action={v.action} />
                  {!v.active && <Tag>{t('rules.inactive')}</Tag>}
                  <span className="cell-sub">{t('rules.priority')} {v.priority}</span>
                </Space>
                <span className="cell-sub">{t('rules.publishedAt', { time: formatDateTime(v.createdAt, i18n.language) })}</span>
              </div>
              <div className="version-name">{v.name}</div>
              <code className="rule-code">{v.condition}</code>
              <div className="cell-sub" style={{ marginTop: 6 }}>{v.description}</div>
              <div className="version-diff">
                {prev
                  ? (changed.length ? t('rules.changedFields', { fields: changed.map((f) => t(`rules.fields.${f}`)).join('、') }) : t('rules.unchanged'))
                  : t('rules.firstVersion')}
              </div>
            </div>
          );
        })}
      </div>
    </Drawer>
  );
}
