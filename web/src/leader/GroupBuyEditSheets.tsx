import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '../shared/api';
import { groupBuyEditKeys, groupBuyKeys } from '../shared/query-keys';
import { Button, Input, Popup, TextArea, Toast } from 'antd-mobile';
import type { GroupBuyView } from '../shared/types';
import { useLimits } from '../shared/limits';
import { ActionError, errorMessage } from './components';
import { DateTimeInput, type DateTimeValue } from './DateTimeInput';
import { parsePositiveInt, parseYuanToFen, zonedParts, zonedToInstant } from './lib';
import { useEndorsements, useProducts } from './trials/useTrials';

/** Sends one change to the group buy and refreshes what shows it (the page, its history, the lists). */
export function useGroupBuyChange(gb: GroupBuyView) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ path, method = 'PATCH', body }: { path: string; method?: string; body: unknown }) => api<GroupBuyView>(`/api/group-buys/${gb.id}${path}`, { method, body }),
    onSuccess: async (fresh) => {
      queryClient.setQueryData<GroupBuyView>(groupBuyKeys.detail(gb.id), (old) => (old ? { ...old, ...fresh } : old));
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: groupBuyKeys.detail(gb.id) }),
        queryClient.invalidateQueries({ queryKey: groupBuyEditKeys.changes(gb.id) }),
        queryClient.invalidateQueries({ queryKey: groupBuyKeys.community(gb.communityId) }),
      ]);
    },
  });
}

const pad = (n: number) => String(n).padStart(2, '0');

/** An instant as the wheel picker's wall-clock value in the community's zone. */
export function toDateTimeValue(iso: string | Date, timeZone: string): DateTimeValue {
  const p = zonedParts(new Date(iso), timeZone);
  return { date: `${p.year}-${pad(p.month)}-${pad(p.day)}`, time: `${pad(p.hour)}:${pad(p.minute)}` };
}

/** Moves a wall-clock value by `ms` (the quick "+1 小时 / +1 天" buttons). */
export function shiftValue(v: DateTimeValue, ms: number, timeZone: string): DateTimeValue {
  const at = zonedToInstant(v.date, v.time, timeZone);
  return at ? toDateTimeValue(new Date(at.getTime() + ms), timeZone) : v;
}

const HOUR = 3_600_000;

/** Quick shifts under a time field: most changes are "an hour later" or "a day later". */
export function ShiftChips({ value, onChange, timeZone, testId }: { value: DateTimeValue; onChange: (v: DateTimeValue) => void; timeZone: string; testId: string }) {
  const { t } = useTranslation('gbEdit');
  return (
    <div className="gbe-shifts">
      <button type="button" onClick={() => onChange(shiftValue(value, -HOUR, timeZone))} data-testid={`${testId}-minus-hour`}>{t('edit.shiftBackHour')}</button>
      <button type="button" onClick={() => onChange(shiftValue(value, HOUR, timeZone))} data-testid={`${testId}-plus-hour`}>{t('edit.shiftHour')}</button>
      <button type="button" onClick={() => onChange(shiftValue(value, 24 * HOUR, timeZone))} data-testid={`${testId}-plus-day`}>{t('edit.shiftDay')}</button>
    </div>
  );
}

function ShiftedTime({ label, value, onChange, timeZone, testId }: { label: string; value: DateTimeValue; onChange: (v: DateTimeValue) => void; timeZone: string; testId: string }) {
  return (
    <div className="gbe-field">
      <span>{label}</span>
      <DateTimeInput value={value} onChange={onChange} testId={testId} title={label} />
      <ShiftChips value={value} onChange={onChange} timeZone={timeZone} testId={testId} />
    </div>
  );
}

/** Cut-off (while orders can be placed) and pickup window; the server states the rule it refuses by. */
export function TimesSheet({ gb, timeZone, visible, onClose }: { gb: GroupBuyView; timeZone: string; visible: boolean; onClose: () => void }) {
  return (
    <Popup visible={visible} onMaskClick={onClose} onClose={onClose} bodyClassName="gbe-sheet" destroyOnClose>
      <TimesForm gb={gb} timeZone={timeZone} onDone={onClose} />
    </Popup>
  );
}

function TimesForm({ gb, timeZone, onDone }: { gb: GroupBuyView; timeZone: string; onDone: () => void }) {
  const { t } = useTranslation('gbEdit');
  const live = gb.status === 'open' || gb.status === 'scheduled';
  const [cutoff, setCutoff] = useState(() => toDateTimeValue(gb.cutoffAt, timeZone));
  const [start, setStart] = useState(() => toDateTimeValue(gb.pickupStartAt, timeZone));
  const [end, setEnd] = useState(() => toDateTimeValue(gb.pickupEndAt, timeZone));
  const [error, setError] = useState<string | null>(null);
  const change = useGroupBuyChange(gb);
  const save = () => {
    setError(null);
    const at = (v: DateTimeValue) => zonedToInstant(v.date, v.time, timeZone)?.toISOString();
    const body: Record<string, string | undefined> = {};
    if (live && at(cutoff) !== new Date(gb.cutoffAt).toISOString()) body.cutoffAt = at(cutoff);
    if (at(start) !== new Date(gb.pickupStartAt).toISOString()) body.pickupStartAt = at(start);
    if (at(end) !== new Date(gb.pickupEndAt).toISOString()) body.pickupEndAt = at(end);
    if (Object.keys(body).length === 0) { onDone(); return; }
    change.mutate({ path: '/times', body }, {
      onSuccess: () => { Toast.show({ icon: 'success', content: t('edit.saved') }); onDone(); },
      onError: (err) => setError(errorMessage(err)),
    });
  };
  return (
    <div className="gbe-form">
      <h3 className="gbe-title">{t('edit.timesTitle')}</h3>
      {live && <ShiftedTime label={t('edit.cutoff')} value={cutoff} onChange={setCutoff} timeZone={timeZone} testId="edit-cutoff" />}
      {live && <small className="gbe-muted">{t('edit.cutoffRule')}</small>}
      <ShiftedTime label={t('edit.pickupStart')} value={start} onChange={setStart} timeZone={timeZone} testId="edit-pickup-start" />
      <ShiftedTime label={t('edit.pickupEnd')} value={end} onChange={setEnd} timeZone={timeZone} testId="edit-pickup-end" />
      <ActionError message={error} />
      <Button block color="primary" size="large" loading={change.isPending} onClick={save} data-testid="times-save">{t('edit.save')}</Button>
    </div>
  );
}

export function TextsSheet({ gb, visible, onClose }: { gb: GroupBuyView; visible: boolean; onClose: () => void }) {
  return (
    <Popup visible={visible} onMaskClick={onClose} onClose={onClose} bodyClassName="gbe-sheet" destroyOnClose>
      <TextsForm gb={gb} onDone={onClose} />
    </Popup>
  );
}

function TextsForm({ gb, onDone }: { gb: GroupBuyView; onDone: () => void }) {
  const { t } = useTranslation('gbEdit');
  const limits = useLimits().groupBuys;
  const [title, setTitle] = useState(gb.title);
  const [note, setNote] = useState(gb.note);
  const [error, setError] = useState<string | null>(null);
  const change = useGroupBuyChange(gb);
  const save = () => {
    setError(null);
    change.mutate({ path: '/texts', body: { title, note } }, {
      onSuccess: () => { Toast.show({ icon: 'success', content: t('edit.saved') }); onDone(); },
      onError: (err) => setError(errorMessage(err)),
    });
  };
  return (
    <div className="gbe-form">
      <h3 className="gbe-title">{t('edit.textsTitle')}</h3>
      <label className="gbe-field"><span>{t('edit.titleLabel')}</span><Input value={title} onChange={setTitle} maxLength={limits.title} data-testid="edit-title" /></label>
      <label className="gbe-field"><span>{t('edit.noteLabel')}</span><TextArea value={note} onChange={setNote} maxLength={limits.note} showCount autoSize={{ minRows: 3, maxRows: 8 }} /></label>
      <ActionError message={error} />
      <Button block color="primary" size="large" loading={change.isPending} onClick={save} data-testid="texts-save">{t('edit.save')}</Button>
    </div>
  );
}

/** A new item: only products he has tried and endorsed here, with price, stock and limit. */
export function AddItemSheet({ gb, visible, onClose }: { gb: GroupBuyView; visible: boolean; onClose: () => void }) {
  return (
    <Popup visible={visible} onMaskClick={onClose} onClose={onClose} bodyClassName="gbe-sheet" destroyOnClose>
      <AddItemForm gb={gb} onDone={onClose} />
    </Popup>
  );
}

function AddItemForm({ gb, onDone }: { gb: GroupBuyView; onDone: () => void }) {
  const { t } = useTranslation('gbEdit');
  const products = useProducts();
  const endorsements = useEndorsements(gb.communityId);
  const [productId, setProductId] = useState<string | null>(null);
  const [price, setPrice] = useState('');
  const [stock, setStock] = useState('');
  const [limit, setLimit] = useState('5');
  const [error, setError] = useState<string | null>(null);
  const change = useGroupBuyChange(gb);
  const choices = useMemo(() => {
    const vouched = new Set((endorsements.data?.items ?? []).filter((e) => !e.withdrawnAt).map((e) => e.productId));
    const inside = new Set(gb.items.map((i) => i.productId));
    return (products.data?.items ?? []).filter((p) => p.active && vouched.has(p.id) && !inside.has(p.id));
  }, [products.data, endorsements.data, gb.items]);
  const save = () => {
    setError(null);
    const priceFen = parseYuanToFen(price);
    const stockTotal = parsePositiveInt(stock);
    const perPersonLimit = parsePositiveInt(limit);
    if (!productId || priceFen === null || priceFen < 1 || stockTotal === null || perPersonLimit === null) { setError(t('edit.invalid')); return; }
    change.mutate({ path: '/items', method: 'POST', body: { productId, priceFen, stockTotal, perPersonLimit } }, {
      onSuccess: () => { Toast.show({ icon: 'success', content: t('edit.added') }); onDone(); },
      onError: (err) => setError(errorMessage(err)),
    });
  };
  return (
    <div className="gbe-form">
      <h3 className="gbe-title">{t('edit.addTitle')}</h3>
      <div className="gbe-muted">{t('edit.pickProduct')}</div>
      {products.isSuccess && endorsements.isSuccess && choices.length === 0 && <div className="gbe-muted">{t('edit.noProducts')}</div>}
      <div className="gbe-choices">
        {choices.map((p) => (
          <button type="button" key={p.id} className={p.id === productId ? 'chosen' : ''} onClick={() => setProductId(p.id)}>{p.name}<small>{p.spec}</small></button>
        ))}
      </div>
      <label className="gbe-field"><span>{t('edit.price')}</span><Input inputMode="decimal" value={price} onChange={setPrice} /></label>
      <label className="gbe-field"><span>{t('edit.stock')}</span><Input inputMode="numeric" value={stock} onChange={setStock} /></label>
      <label className="gbe-field"><span>{t('edit.limit')}</span><Input inputMode="numeric" value={limit} onChange={setLimit} /></label>
      <ActionError message={error} />
      <Button block color="primary" size="large" loading={change.isPending} onClick={save} disabled={!productId}>{t('edit.add')}</Button>
    </div>
  );
}
