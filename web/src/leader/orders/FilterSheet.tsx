import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Input, Popup, Selector } from 'antd-mobile';
import type { Filter, LeaderOrderFilters } from './model';

const STATUSES = ['paid', 'confirmed', 'ready_for_pickup', 'picked_up', 'not_collected', 'refunded', 'cancelled', 'pending_payment'] as const;

/** The chips of the filters that are set, each removable with one tap. */
export function useChips(filter: Filter, options: LeaderOrderFilters | undefined, set: (f: Filter) => void) {
  const { t } = useTranslation('leaderOrders');
  const drop = (...keys: (keyof Filter)[]) => () => { const next = { ...filter }; for (const k of keys) delete next[k]; set(next); };
  const chips: { key: string; label: string; remove: () => void }[] = [];
  if (filter.groupBuyId) {
    const gb = options?.groupBuys.find((g) => g.id === filter.groupBuyId);
    chips.push({ key: 'groupBuy', label: t('chip.groupBuy', { value: gb?.title ?? '…' }), remove: drop('groupBuyId') });
  }
  if (filter.status) chips.push({ key: 'status', label: t(`status.${filter.status}`), remove: drop('status') });
  if (filter.groupNumber) chips.push({ key: 'groupNumber', label: t('chip.groupNumber', { value: filter.groupNumber }), remove: drop('groupNumber') });
  if (filter.name) chips.push({ key: 'name', label: t('chip.name', { value: filter.name }), remove: drop('name') });
  if (filter.from || filter.to) chips.push({ key: 'range', label: t('chip.range', { from: filter.from ?? '…', to: filter.to ?? '…' }), remove: drop('from', 'to') });
  if (filter.pickupDate) chips.push({ key: 'pickupDate', label: t('chip.pickupDate', { value: filter.pickupDate }), remove: drop('pickupDate') });
  if (filter.pickupPointId) {
    const p = options?.pickupPoints.find((x) => x.id === filter.pickupPointId);
    chips.push({ key: 'pickupPoint', label: t('chip.pickupPoint', { value: p?.name ?? '…' }), remove: drop('pickupPointId') });
  }
  return chips;
}

/** A bottom sheet with every filter; nothing applies until 「查看结果」. */
export function FilterSheet({ open, filter, options, onClose, onApply }: {
  open: boolean; filter: Filter; options: LeaderOrderFilters | undefined; onClose: () => void; onApply: (f: Filter) => void;
}) {
  const { t } = useTranslation('leaderOrders');
  const [draft, setDraft] = useState<Filter>(filter);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => { if (open) { setDraft(filter); setError(null); } }, [open]); // eslint-disable-line react-hooks/exhaustive-deps
  const set = (k: keyof Filter, v: string | undefined) => setDraft((d) => ({ ...d, [k]: v || undefined }));

  const apply = () => {
    if (draft.groupNumber && !/^[1-9]\d{0,6}$/.test(draft.groupNumber.replace(/^#/, ''))) { setError(t('sheet.numberInvalid')); return; }
    if (draft.from && draft.to && draft.from > draft.to) { setError(t('sheet.rangeInvalid')); return; }
    onApply({ ...draft, groupNumber: draft.groupNumber?.replace(/^#/, '') });
  };
  const one = (value: string | undefined) => (value ? [value] : []);

  return (
    <Popup visible={open} onMaskClick={onClose} bodyStyle={{ borderTopLeftRadius: 12, borderTopRightRadius: 12 }} destroyOnClose>
      <div className="lo-sheet" data-testid="filter-sheet">
        <h3>{t('sheet.title')}</h3>
        <Field label={t('sheet.groupBuy')}>
          <Selector columns={1} value={one(draft.groupBuyId)} onChange={(v) => set('groupBuyId', v[0])} data-testid="filter-group-buy"
            options={(options?.groupBuys ?? []).map((g) => ({ label: `${g.title} · ${new Date(g.pickupStartAt).toLocaleDateString(undefined, { month: 'numeric', day: 'numeric' })}`, value: g.id }))} />
        </Field>
        <Field label={t('sheet.status')}>
          <Selector columns={3} value={one(draft.status)} onChange={(v) => set('status', v[0])} options={STATUSES.map((s) => ({ label: t(`status.${s}`), value: s }))} data-testid="filter-status" />
        </Field>
        <Field label={t('sheet.groupNumber')}>
          <Input inputMode="numeric" placeholder={t('sheet.groupNumberPlaceholder')} value={draft.groupNumber ?? ''} onChange={(v) => set('groupNumber', v)} clearable data-testid="filter-number" />
        </Field>
        <Field label={t('sheet.name')}>
          <Input placeholder={t('sheet.namePlaceholder')} maxLength={40} value={draft.name ?? ''} onChange={(v) => set('name', v)} clearable data-testid="filter-name" />
        </Field>
        <Field label={t('sheet.ordered')}>
          <div style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
            <input type="date" className="lo-date" aria-label={t('sheet.from')} value={draft.from ?? ''} onChange={(e) => set('from', e.target.value)} data-testid="filter-from" />
            <span>–</span>
            <input type="date" className="lo-date" aria-label={t('sheet.to')} value={draft.to ?? ''} onChange={(e) => set('to', e.target.value)} data-testid="filter-to" />
          </div>
        </Field>
        <Field label={t('sheet.pickupDate')}>
          <input type="date" className="lo-date" aria-label={t('sheet.pickupDate')} value={draft.pickupDate ?? ''} onChange={(e) => set('pickupDate', e.target.value)} data-testid="filter-pickup-date" />
        </Field>
        {(options?.pickupPoints.length ?? 0) > 1 && (
          <Field label={t('sheet.pickupPoint')}>
            <Selector columns={2} value={one(draft.pickupPointId)} onChange={(v) => set('pickupPointId', v[0])} options={options!.pickupPoints.map((p) => ({ label: p.name, value: p.id }))} />
          </Field>
        )}
        {error && <div className="lo-field-error" role="alert">{error}</div>}
        <div className="lo-sheet-actions">
          <Button onClick={() => setDraft({})}>{t('sheet.reset')}</Button>
          <Button color="primary" onClick={apply} data-testid="filter-apply">{t('sheet.apply')}</Button>
        </div>
      </div>
    </Popup>
  );
}

function Field({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div style={{ padding: '8px 0' }}>
      <div style={{ fontSize: 15, color: '#555', marginBottom: 6 }}>{label}</div>
      {children}
    </div>
  );
}
