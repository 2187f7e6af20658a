import { useTranslation } from 'react-i18next';
import { Tag } from 'antd';
import { ACTION_COLORS, type RuleAction } from '../aftersales';

export function ActionTag({ action }: { action: RuleAction }) {
  const { t } = useTranslation('console');
  return <Tag color={ACTION_COLORS[action]}>{t(`aftersales.ruleActions.${action}`)}</Tag>;
}
