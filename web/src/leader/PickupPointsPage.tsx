import { useState } from 'react';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Checkbox, Dialog, Input, Tag, Toast } from 'antd-mobile';
import { api } from '../shared/api';
import { EmptyState, PageError, PageLoading } from '../shared/states';
import { communityKeys, pickupPointKeys } from '../shared/query-keys';
import { ActionError, LeaderPage, NotLeader, errorMessage, useLeaderOf } from './components';
import type { PickupPointItem, PickupPointList } from './types';
import './pickup-points.css';

/**
 * /leader/:communityId/pickup-points — 自提点: add, edit, reorder and close points, and name the
 * station staff who may hand over at each (members of this community only).
 */
export function PickupPointsPage() {
  const { communityId = '' } = useParams();
  const { community } = useLeaderOf(communityId);
  if (!community) return <NotLeader />;
  return <Points communityId={communityId} />;
}

function Points({ communityId }: { communityId: string }) {
  const { t } = useTranslation('pickup');
  const qc = useQueryClient();
  const list = useQuery({ queryKey: pickupPointKeys.list(communityId), queryFn: () => api<PickupPointList>(`/api/communities/${communityId}/pickup-points`) });
  const [adding, setAdding] = useState(false);
  const refresh = () => {
    void qc.invalidateQueries({ queryKey: pickupPointKeys.community(communityId) });
    void qc.invalidateQueries({ queryKey: communityKeys.all });
  };
  const act = useMutation({
    mutationFn: (a: { path: string; method?: string; body?: unknown }) => api(a.path, { method: a.method ?? 'POST', body: a.body }),
    onSuccess: () => { refresh(); Toast.show({ content: t('points.saved') }); },
    onError: (err) => Toast.show({ icon: 'fail', content: errorMessage(err), duration: 3500 }),
  });
  const items = list.data?.items ?? [];
  const moveUp = (i: number) => {
    const ids = items.map((p) => p.id);
    [ids[i - 1], ids[i]] = [ids[i], ids[i - 1]];
    act.mutate({ path: `/api/communities/${communityId}/pickup-points/order`, method: 'PUT', body: { ids } });
  };
  const firstOpen = items.find((p) => !p.closedAt)?.id;
  return (
    <LeaderPage title={t('points.title')} communityId={communityId} back={`/leader/${communityId}`}>
      <p className="pp-lead">{t('points.lead')}</p>
      {list.isPending ? <PageLoading /> : list.isError ? <PageError error={list.error} onRetry={() => list.refetch()} /> : (
        <>
          {items.length === 0 && <EmptyState title={t('points.empty')} />}
          {items.map((p, i) => (
            <PointCard key={p.id} communityId={communityId} point={p} isDefault={p.id === firstOpen} canMoveUp={i > 0} busy={act.isPending}
              onUp={() => moveUp(i)}
              onClose={async () => { if (await Dialog.confirm({ content: t('points.closeConfirm', { name: p.name }) })) act.mutate({ path: `/api/pickup-points/${p.id}/close` }); }}
              onReopen={() => act.mutate({ path: `/api/pickup-points/${p.id}/reopen` })}
              onSaved={refresh} />
          ))}
          {adding
            ? <PointForm communityId={communityId} onDone={() => { setAdding(false); refresh(); }} onCancel={() => setAdding(false)} />
            : <Button block color="primary" size="large" className="pp-add" onClick={() => setAdding(true)} data-testid="pp-add">{t('points.add')}</Button>}
        </>
      )}
    </LeaderPage>
  );
}

function PointCard({ communityId, point, isDefault, canMoveUp, busy, onUp, onClose, onReopen, onSaved }: {
  communityId: string; point: PickupPointItem; isDefault: boolean; canMoveUp: boolean; busy: boolean;
  onUp: () => void; onClose: () => void; onReopen: () => void; onSaved: () => void;
}) {
  const { t } = useTranslation('pickup');
  const [editing, setEditing] = useState<'point' | 'staff' | null>(null);
  if (editing === 'point') return <PointForm communityId={communityId} point={point} onDone={() => { setEditing(null); onSaved(); }} onCancel={() => setEditing(null)} />;
  return (
    <section className={`pp-card${point.closedAt ? ' pp-closed' : ''}`} data-testid="pp-card">
      <div className="pp-card-head">
        <b className="pp-name">{point.name}</b>
        {isDefault && <Tag color="primary" fill="outline">{t('points.default')}</Tag>}
        {point.closedAt && <Tag color="default">{t('points.closed')}</Tag>}
      </div>
      <div className="pp-line">{point.address}</div>
      <div className="pp-line">{t('points.hours')} {point.hours}</div>
      <div className="pp-line pp-muted">{t('points.staff')}：{point.staff.length ? point.staff.map((s) => s.name).join('、') : t('points.staffNone')}</div>
      {editing === 'staff' && <StaffPicker communityId={communityId} point={point} onDone={() => { setEditing(null); onSaved(); }} />}
      <div className="pp-actions">
        <Button size="small" onClick={() => setEditing('point')}>{t('points.edit')}</Button>
        <Button size="small" onClick={() => setEditing(editing === 'staff' ? null : 'staff')}>{t('points.staffEdit')}</Button>
        {canMoveUp && <Button size="small" disabled={busy} onClick={onUp}>{t('points.up')}</Button>}
        {point.closedAt
          ? <Button size="small" disabled={busy} onClick={onReopen}>{t('points.reopen')}</Button>
          : <Button size="small" color="danger" fill="outline" disabled={busy} onClick={onClose}>{t('points.close')}</Button>}
      </div>
    </section>
  );
}

const HOURS = /^([01]\d|2[0-3]):[0-5]\d$/;

function PointForm({ communityId, point, onDone, onCancel }: { communityId: string; point?: PickupPointItem; onDone: () => void; onCancel: () => void }) {
  const { t } = useTranslation('pickup');
  const [name, setName] = useState(point?.name ?? '');
  const [address, setAddress] = useState(point?.address ?? '');
  const [from, setFrom] = useState(point?.hours.slice(0, 5) ?? '08:00');
  const [to, setTo] = useState(point?.hours.slice(6) ?? '20:00');
  const [tried, setTried] = useState(false);
  const errors = {
    name: name.trim().length < 1 || name.trim().length > 50 ? t('points.errors.name') : null,
    address: address.trim().length < 1 || address.trim().length > 200 ? t('points.errors.address') : null,
    hours: !HOURS.test(from) || !HOURS.test(to) || from >= to ? t('points.errors.hours') : null,
  };
  const save = useMutation({
    mutationFn: () => {
      const body = { name: name.trim(), address: address.trim(), hours: `${from}-${to}` };
      return point ? api(`/api/pickup-points/${point.id}`, { method: 'PATCH', body }) : api(`/api/communities/${communityId}/pickup-points`, { body });
    },
    onSuccess: onDone,
  });
  const submit = () => { setTried(true); if (!errors.name && !errors.address && !errors.hours) save.mutate(); };
  return (
    <section className="pp-card pp-form" data-testid="pp-form">
      <label className="pp-label">{t('points.name')}<Input value={name} onChange={setName} placeholder={t('points.namePlaceholder')} maxLength={50} data-testid="pp-name" /></label>
      {tried && errors.name && <div className="pp-error">{errors.name}</div>}
      <label className="pp-label">{t('points.address')}<Input value={address} onChange={setAddress} placeholder={t('points.addressPlaceholder')} maxLength={200} data-testid="pp-address" /></label>
      {tried && errors.address && <div className="pp-error">{errors.address}</div>}
      <div className="pp-label">{t('points.hours')}</div>
      <div className="pp-hours">
        <input type="time" aria-label={t('points.from')} value={from} onChange={(e) => setFrom(e.target.value)} data-testid="pp-from" />
        <span>–</span>
        <input type="time" aria-label={t('points.to')} value={to} onChange={(e) => setTo(e.target.value)} data-testid="pp-to" />
      </div>
      {tried && errors.hours && <div className="pp-error">{errors.hours}</div>}
      <ActionError message={save.error ? errorMessage(save.error) : null} />
      <div className="pp-actions">
        <Button color="primary" loading={save.isPending} onClick={submit} data-testid="pp-save">{t('points.save')}</Button>
        <Button onClick={onCancel}>{t('points.cancel')}</Button>
      </div>
    </section>
  );
}

function StaffPicker({ communityId, point, onDone }: { communityId: string; point: PickupPointItem; onDone: () => void }) {
  const { t } = useTranslation('pickup');
  const members = useQuery({ queryKey: communityKeys.members(communityId), queryFn: () => api<{ items: { userId: string; name: string; role: string }[] }>(`/api/communities/${communityId}/members`) });
  const [chosen, setChosen] = useState<string[]>(point.staff.map((s) => s.userId));
  const save = useMutation({ mutationFn: () => api(`/api/pickup-points/${point.id}/staff`, { method: 'PUT', body: { userIds: chosen } }), onSuccess: onDone });
  if (members.isPending) return <PageLoading />;
  if (members.isError) return <PageError error={members.error} onRetry={() => members.refetch()} />;
  return (
    <div className="pp-staff">
      <div className="pp-muted">{t('points.staffHint')}</div>
      <Checkbox.Group value={chosen} onChange={(v) => setChosen(v as string[])}>
        {members.data.items.filter((m) => m.role !== 'leader').map((m) => (
          <Checkbox key={m.userId} value={m.userId} className="pp-check">{m.name || m.userId.slice(0, 6)}</Checkbox>
        ))}
      </Checkbox.Group>
      <ActionError message={save.error ? errorMessage(save.error) : null} />
      <Button color="primary" size="small" loading={save.isPending} onClick={() => save.mutate()}>{t('points.save')}</Button>
    </div>
  );
}
