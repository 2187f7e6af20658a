import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { ReactNode } from 'react';
import { Button } from 'antd-mobile';
import { Name } from '../shared/names';
import { api } from '../shared/api';
import { pickupPointKeys } from '../shared/query-keys';
import type { PickupPointList } from './types';
import './pickup-points.css';

/** Where the hand-over happens: every point (leaders), one pickup point, or at her door (送货上门). */
export type HandoverAt = { pickupPointId?: string; delivery?: boolean };

export function HandoverWhere({ communityId, value, onChange }: { communityId: string; value: HandoverAt; onChange: (at: HandoverAt) => void }) {
  const { t } = useTranslation('pickup');
  const list = useQuery({ queryKey: pickupPointKeys.list(communityId), queryFn: () => api<PickupPointList>(`/api/communities/${communityId}/pickup-points`) });
  const points = (list.data?.items ?? []).filter((p) => !p.closedAt && list.data?.handOverAt.includes(p.id));
  if (!list.data || (points.length <= 1 && !list.data.mayDeliver)) return null;
  const chip = (key: string, label: ReactNode, at: HandoverAt, active: boolean) => (
    <Button key={key} size="small" shape="rounded" color={active ? 'primary' : 'default'} fill={active ? 'solid' : 'outline'} onClick={() => onChange(at)} data-testid={`where-${key}`}>{label}</Button>
  );
  return (
    <nav className="pp-desk" aria-label={t('desk.where')}>
      {list.data.mayDeliver && chip('all', t('desk.all'), {}, !value.pickupPointId && !value.delivery)}
      {points.map((p) => chip(p.id, <Name>{p.name}</Name>, { pickupPointId: p.id }, value.pickupPointId === p.id))}
      {list.data.mayDeliver && chip('door', t('desk.door'), { delivery: true }, !!value.delivery)}
    </nav>
  );
}
