import { useState } from 'react';
import { useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Button, Input, Switch, Toast } from 'antd-mobile';
import { api } from '../shared/api';
import { EmptyState, PageError, PageLoading } from '../shared/states';
import { pickupPointKeys } from '../shared/query-keys';
import { ActionError, LeaderPage, NotLeader, errorMessage, useLeaderOf } from './components';
import type { DeliverySettings, DoorDeliveryList } from './types';
import './pickup-points.css';

/**
 * /leader/:communityId/delivery — 送货上门: on/off, the fee, the buildings/areas residents pick
 * from and the time slots; below, today's delivery list by slot.
 */
export function DeliverySettingsPage() {
  const { communityId = '' } = useParams();
  const { community } = useLeaderOf(communityId);
  const { t } = useTranslation('pickup');
  const settings = useQuery({ queryKey: pickupPointKeys.delivery(communityId), queryFn: () => api<DeliverySettings>(`/api/communities/${communityId}/delivery-settings`), enabled: !!community });
  if (!community) return <NotLeader />;
  return (
    <LeaderPage title={t('delivery.title')} communityId={communityId} back={`/leader/${communityId}`}>
      <p className="pp-lead">{t('delivery.lead')}</p>
      {settings.isPending ? <PageLoading /> : settings.isError ? <PageError error={settings.error} onRetry={() => settings.refetch()} /> : (
        <SettingsForm key={JSON.stringify(settings.data)} communityId={communityId} current={settings.data} />
      )}
      <DoorList communityId={communityId} />
    </LeaderPage>
  );
}

const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

function SettingsForm({ communityId, current }: { communityId: string; current: DeliverySettings }) {
  const { t } = useTranslation('pickup');
  const qc = useQueryClient();
  const [enabled, setEnabled] = useState(current.enabled);
  const [fee, setFee] = useState(String(current.feeFen / 100));
  const [areas, setAreas] = useState(current.areas);
  const [area, setArea] = useState('');
  const [slots, setSlots] = useState(current.slots);
  const [from, setFrom] = useState('18:00');
  const [to, setTo] = useState('20:00');
  const [problem, setProblem] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: () => api<DeliverySettings>(`/api/communities/${communityId}/delivery-settings`, { method: 'PUT', body: { enabled, feeFen: Math.round(Number(fee) * 100), areas, slots } }),
    onSuccess: () => { void qc.invalidateQueries({ queryKey: pickupPointKeys.community(communityId) }); Toast.show({ content: t('delivery.saved') }); },
  });
  const addArea = () => { const a = area.trim(); if (a && !areas.includes(a)) setAreas([...areas, a]); setArea(''); };
  const addSlot = () => {
    if (!TIME.test(from) || !TIME.test(to) || from >= to) { setProblem(t('delivery.errors.slot')); return; }
    setProblem(null);
    const s = `${from}-${to}`;
    if (!slots.includes(s)) setSlots([...slots, s].sort());
  };
  const submit = () => {
    const n = Number(fee);
    if (!Number.isFinite(n) || n < 0 || n > 50) { setProblem(t('delivery.errors.fee')); return; }
    if (enabled && (areas.length === 0 || slots.length === 0)) { setProblem(t('delivery.errors.incomplete')); return; }
    setProblem(null);
    save.mutate();
  };
  return (
    <section className="pp-card">
      <div className="pp-row"><b className="pp-name" style={{ flex: 1 }}>{t('delivery.enabled')}</b><Switch checked={enabled} onChange={setEnabled} data-testid="dl-enabled" /></div>
      <label className="pp-label">{t('delivery.fee')}<Input type="number" inputMode="decimal" value={fee} onChange={setFee} data-testid="dl-fee" /></label>
      <div className="pp-label">{t('delivery.areas')}</div>
      <div className="pp-muted">{t('delivery.areasHint')}</div>
      <div className="pp-chips">{areas.map((a) => <span key={a} className="pp-chip">{a}<button type="button" aria-label={t('delivery.remove')} onClick={() => setAreas(areas.filter((x) => x !== a))}>×</button></span>)}</div>
      <div className="pp-row">
        <Input value={area} onChange={setArea} placeholder={t('delivery.areaPlaceholder')} maxLength={20} onEnterPress={addArea} data-testid="dl-area" />
        <Button onClick={addArea} data-testid="dl-add-area">{t('delivery.addArea')}</Button>
      </div>
      <div className="pp-label">{t('delivery.slots')}</div>
      <div className="pp-chips">{slots.map((s) => <span key={s} className="pp-chip">{s}<button type="button" aria-label={t('delivery.remove')} onClick={() => setSlots(slots.filter((x) => x !== s))}>×</button></span>)}</div>
      <div className="pp-hours">
        <input type="time" value={from} onChange={(e) => setFrom(e.target.value)} data-testid="dl-from" />
        <span>–</span>
        <input type="time" value={to} onChange={(e) => setTo(e.target.value)} data-testid="dl-to" />
        <Button onClick={addSlot} data-testid="dl-add-slot">{t('delivery.addSlot')}</Button>
      </div>
      <ActionError message={problem ?? (save.error ? errorMessage(save.error) : null)} />
      <Button block color="primary" size="large" style={{ marginTop: 14 }} loading={save.isPending} onClick={submit} data-testid="dl-save">{t('delivery.save')}</Button>
    </section>
  );
}

function DoorList({ communityId }: { communityId: string }) {
  const { t } = useTranslation('pickup');
  const list = useQuery({ queryKey: pickupPointKeys.doorList(communityId), queryFn: () => api<DoorDeliveryList>(`/api/communities/${communityId}/door-deliveries`) });
  return (
    <section className="pp-card" data-testid="door-list">
      <b className="pp-name">{t('delivery.list')}</b>
      {list.isPending ? <PageLoading /> : list.isError ? <PageError error={list.error} onRetry={() => list.refetch()} /> : list.data.slots.length === 0 ? <EmptyState title={t('delivery.listEmpty')} /> : list.data.slots.map((s) => (
        <div key={s.slot}>
          <div className="pp-label">{t('delivery.slot', { slot: s.slot })}</div>
          {s.households.map((h) => (
            <div key={`${h.residentKey}${h.address}`} className="pp-line" data-testid="door-household">
              <b>{h.groupNumbers.map((n) => `#${n}`).join(' ')} {h.name}</b> · {h.area} {h.address}
              <div className="pp-muted">{h.lines.map((l) => `${l.productName}×${l.quantity}`).join('、')}</div>
            </div>
          ))}
        </div>
      ))}
    </section>
  );
}
