import { useEffect } from 'react';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Input, Radio, Skeleton } from 'antd-mobile';
import { api, yuan } from '../../../shared/api';
import { pickupPointKeys } from '../../../shared/query-keys';
import type { components } from '../../../shared/api-types';
import { Name } from '../../../shared/names';

type Options = components['schemas']['FulfilmentOptions'];
/** Her choice as the page keeps it: a point, or her door with area, 门牌 and slot. */
export interface Choice { mode: 'pickup' | 'delivery'; pickupPointId: string; area: string; address: string; slot: string }
export const emptyChoice: Choice = { mode: 'pickup', pickupPointId: '', area: '', address: '', slot: '' };

/** The checkout body for a choice, or null while a delivery lacks its area or 门牌. */
export function choiceBody(c: Choice): { pickupPointId?: string; delivery?: { area: string; address: string; slot: string } } | null {
  if (c.mode === 'delivery') return c.area && c.address.trim() && c.slot ? { delivery: { area: c.area, address: c.address.trim(), slot: c.slot } } : null;
  return c.pickupPointId ? { pickupPointId: c.pickupPointId } : {};
}

/** The delivery fee a choice adds to the total (fen). */
export const feeOf = (c: Choice, o: Options | undefined) => (c.mode === 'delivery' && o?.delivery ? o.delivery.feeFen : 0);

export function useFulfilmentOptions(communityId: string) {
  return useQuery({ queryKey: pickupPointKeys.options(communityId), queryFn: () => api<Options>(`/api/communities/${communityId}/fulfilment-options`) });
}

/** 取货方式: one of the open pickup points (her last one first chosen), or door delivery when offered. */
export function FulfilmentPicker({ communityId, value, onChange }: { communityId: string; value: Choice; onChange: (c: Choice) => void }) {
  const { t } = useTranslation('pickup');
  const options = useFulfilmentOptions(communityId);
  const o = options.data;
  useEffect(() => {
    if (o && !value.pickupPointId) onChange({ ...value, pickupPointId: o.defaultPickupPointId ?? o.pickupPoints[0]?.id ?? '', slot: value.slot || o.delivery?.slots[0] || '' });
  }, [o, value, onChange]);
  if (options.isPending) return <section className="r-card"><Skeleton.Paragraph lineCount={3} animated /></section>;
  if (!o) return null;
  const radio = value.mode === 'delivery' ? 'delivery' : value.pickupPointId;
  return (
    <section className="r-card r-fulfil" data-testid="fulfilment-picker">
      <div className="r-card-title">{t('choice.title')}</div>
      <Radio.Group value={radio} onChange={(v) => onChange(v === 'delivery' ? { ...value, mode: 'delivery' } : { ...value, mode: 'pickup', pickupPointId: String(v) })}>
        {o.pickupPoints.map((p) => (
          <Radio key={p.id} value={p.id} className="r-fulfil-option" data-testid="choice-point">
            <b translate="no">{p.name}</b>
            <div className="r-small r-muted"><Name>{p.address}</Name> · {t('choice.hours', { hours: p.hours })}</div>
          </Radio>
        ))}
        {o.delivery && (
          <Radio value="delivery" className="r-fulfil-option" data-testid="choice-delivery">
            <b>{t('choice.delivery')}</b>
            <div className="r-small r-muted">{t('choice.deliveryFee', { fee: yuan(o.delivery.feeFen) })}</div>
          </Radio>
        )}
      </Radio.Group>
      {value.mode === 'delivery' && o.delivery && (
        <div className="r-fulfil-door">
          <label className="r-fulfil-label">{t('choice.area')}
            <select className="r-fulfil-select" value={value.area} onChange={(e) => onChange({ ...value, area: e.target.value })} data-testid="choice-area">
              <option value="">{t('choice.areaPick')}</option>
              {o.delivery.areas.map((a) => <option key={a} value={a}>{a}</option>)}
            </select>
          </label>
          <label className="r-fulfil-label">{t('choice.address')}
            <Input value={value.address} onChange={(v) => onChange({ ...value, address: v })} placeholder={t('choice.addressPlaceholder')} maxLength={50} data-testid="choice-address" />
          </label>
          <label className="r-fulfil-label">{t('choice.slot')}
            <select className="r-fulfil-select" value={value.slot} onChange={(e) => onChange({ ...value, slot: e.target.value })} data-testid="choice-slot">
              {o.delivery.slots.map((s) => <option key={s} value={s}>{s}</option>)}
            </select>
          </label>
        </div>
      )}
    </section>
  );
}
