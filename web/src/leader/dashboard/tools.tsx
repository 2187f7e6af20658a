import type { ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Badge } from 'antd-mobile';
import { Icon } from '../components';
import { ClaimIcon } from '../claims';
import { LifeIcon } from '../lifeParts';

/** One tile of the tools grid: `path` is under /leader/:communityId, `label` a key of the leader namespace. */
export interface Tool { key: string; path: string; label: string; icon: ReactNode; primary?: boolean; /** The texts' namespace when not `leader`. */ ns?: string }

/**
 * Every tool of the leader's home, in the order he sees them. A new page adds ONE line here (and,
 * if it needs a count, a key in `badges` where the dashboard renders <ToolsGrid>).
 */
export const TOOLS: Tool[] = [
  { key: 'open', path: 'new', label: 'dashboard.open', icon: '+', primary: true },
  { key: 'drafts', path: 'drafts', label: 'drafts.quick', icon: '⧉', ns: 'gbEdit' },
  { key: 'pickup', path: 'pickup', label: 'dashboard.pickup', icon: '✓' },
  { key: 'orders', path: 'orders', label: 'leaderOrders.link', icon: <Icon.cart /> },
  { key: 'pending', path: 'pending', label: 'dashboard.pending', icon: '☰' },
  { key: 'deliveries', path: 'deliveries', label: 'dashboard.deliveries', icon: <Icon.truck /> },
  { key: 'claims', path: 'claims', label: 'dashboard.claims', icon: <ClaimIcon /> },
  { key: 'pick-list', path: 'pick-list', label: 'dashboard.pickList', icon: <Icon.sheet /> },
  { key: 'labels', path: 'labels', label: 'dashboard.labels', icon: <Icon.print /> },
  { key: 'earnings', path: 'earnings', label: 'earningsLink.label', icon: '¥' },
  { key: 'pickup-points', path: 'pickup-points', label: 'points.title', icon: '⌂', ns: 'pickup' },
  { key: 'delivery', path: 'delivery', label: 'delivery.title', icon: <Icon.truck />, ns: 'pickup' },
  { key: 'trials', path: 'trials', label: 'dashboard.trials', icon: <Icon.trial /> },
  { key: 'campaigns', path: 'campaigns', label: 'leader.entry', icon: '★', ns: 'campaigns' },
  { key: 'members', path: 'members', label: 'leader.entry', icon: '👥', ns: 'members' },
  { key: 'invite', path: 'invite', label: 'dashboard.invite', icon: '✉' },
  { key: 'trust', path: 'trust', label: 'dashboard.trust', icon: <Icon.shield /> },
  { key: 'compose', path: 'compose', label: 'life.dashboard.compose', icon: <LifeIcon.pen /> },
  { key: 'feed', path: 'feed', label: 'life.dashboard.feed', icon: <LifeIcon.feed /> },
  { key: 'questions', path: 'questions', label: 'life.dashboard.questions', icon: <LifeIcon.question /> },
  { key: 'reports', path: 'reports', label: 'life.dashboard.reports', icon: <LifeIcon.flag /> },
  { key: 'events', path: 'events', label: 'life.dashboard.events', icon: <LifeIcon.calendar /> },
  { key: 'proposals', path: 'proposals', label: 'leader.title', icon: '✔', ns: 'governance' },
  { key: 'welcome', path: 'welcome-gift', label: 'life.dashboard.welcome', icon: <LifeIcon.gift /> },
  { key: 'profile', path: 'profile', label: 'life.dashboard.profile', icon: <LifeIcon.person /> },
  { key: 'training', path: 'training', label: 'life.dashboard.training', icon: <LifeIcon.book /> },
];

/** The tools grid: four to a row, each tile ≥ 64 px tall, with an optional count badge. */
export function ToolsGrid({ base, badges }: { base: string; badges: Partial<Record<string, number>> }) {
  const { t } = useTranslation(['leader', ...new Set(TOOLS.flatMap((tool) => (tool.ns ? [tool.ns] : [])))]);
  const navigate = useNavigate();
  return (
    <section className="quick-actions md-tools" aria-label={t('tools.title', { ns: 'morning' })}>
      <h2 className="md-tools-title">{t('tools.title', { ns: 'morning' })}</h2>
      {TOOLS.map((tool) => (
        <button type="button" key={tool.key} className={`quick-action${tool.primary ? ' primary' : ''}`} onClick={() => navigate(`${base}/${tool.path}`)} data-testid={`qa-${tool.key}`}>
          <Badge content={badges[tool.key] ? badges[tool.key] : null}><span className="qa-icon">{tool.icon}</span></Badge>
          <span>{t(tool.label, { ns: tool.ns ?? 'leader' })}</span>
        </button>
      ))}
    </section>
  );
}
