import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Button, Checkbox } from 'antd-mobile';
import type { HandoverLine, PickupDone, PickupLookup } from './types';

/** One line to hand over: 跟团号, product, quantity, a big checkbox. */
export function LineCheck({ line, checked, onChange }: { line: HandoverLine; checked: boolean; onChange: (v: boolean) => void }) {
  return (
    <label className={`ho-line${checked ? ' on' : ''}`} data-testid="handover-line">
      <Checkbox checked={checked} onChange={onChange} className="ho-check" />
      <span className="group-no">{line.groupNumber != null ? `#${line.groupNumber}` : '—'}</span>
      <span className="ho-line-name">
        {line.productName}
        {(line.spec || (line.title && line.title !== line.productName)) && <small>{[line.spec, line.title !== line.productName ? line.title : ''].filter(Boolean).join(' · ')}</small>}
      </span>
      <b className="ho-line-qty">×{line.quantity}{line.unit ?? ''}</b>
    </label>
  );
}

/** Which lines are ticked (all of them at first, and again whenever the lines change). */
export function useLineSelection(lines: HandoverLine[]) {
  const ids = lines.map((l) => l.lineId).join(',');
  const [selected, setSelected] = useState<Set<string>>(() => new Set(lines.map((l) => l.lineId)));
  useEffect(() => { setSelected(new Set(lines.map((l) => l.lineId))); }, [ids]); // eslint-disable-line react-hooks/exhaustive-deps
  const toggle = (id: string, on: boolean) => setSelected((s) => {
    const next = new Set(s);
    if (on) next.add(id); else next.delete(id);
    return next;
  });
  const chosen = lines.filter((l) => selected.has(l.lineId));
  return { selected, toggle, chosen, all: chosen.length === lines.length, pieces: chosen.reduce((s, l) => s + l.quantity, 0) };
}

/** Who is standing at the counter: the household, or "代 李** 取" with the collector's name. */
export function WhoBlock({ view }: { view: Pick<PickupLookup, 'via' | 'resident' | 'collectedFor' | 'collector'> }) {
  const { t } = useTranslation('leader');
  if (view.via === 'pass') {
    return (
      <div className="ho-who pass" data-testid="handover-pass">
        <span className="ho-pass-tag">{t('pickup.passTag')}</span>
        <div className="ho-name">{t('pickup.collectFor', { name: view.collectedFor ?? view.resident.name })}</div>
        <div className="ho-collector">{view.collector ? t('pickup.collector', { name: view.collector }) : t('pickup.collectorUnknown')}</div>
      </div>
    );
  }
  return <div className="ho-who"><div className="ho-name" data-testid="handover-name">{view.resident.name}</div>{view.resident.doorNumber && <div className="ho-door" data-testid="handover-door">{view.resident.doorNumber}</div>}</div>;
}

/** The household found by her code: every ready line, ticked, and one big button. */
export function HandoverCard({ view, busy, onHandOver }: { view: PickupLookup; busy: boolean; onHandOver: (lineIds: string[]) => void }) {
  const { t } = useTranslation('leader');
  const { selected, toggle, chosen, all, pieces } = useLineSelection(view.lines);
  if (view.lines.length === 0) {
    return (
      <section className="ho-card blocked" data-testid="pickup-found">
        <WhoBlock view={view} />
        <div className="pickup-blocked" role="alert">{t('pickup.nothingReady')}</div>
      </section>
    );
  }
  return (
    <section className="ho-card" data-testid="pickup-found">
      <WhoBlock view={view} />
      <div className="ho-count">{t('pickup.readyCount', { count: view.lines.length })}</div>
      <div className="ho-lines">
        {view.lines.map((l) => <LineCheck key={l.lineId} line={l} checked={selected.has(l.lineId)} onChange={(v) => toggle(l.lineId, v)} />)}
      </div>
      <Button block color="success" size="large" className="ho-go" loading={busy} disabled={chosen.length === 0}
        onClick={() => onHandOver(chosen.map((l) => l.lineId))} data-testid="pickup-confirm">
        {chosen.length === 0 ? t('pickup.chooseSome') : all ? t('pickup.handAll', { pieces }) : t('pickup.handSome', { count: chosen.length, pieces })}
      </Button>
    </section>
  );
}

/** The big ✓ after a hand-over: readable at arm's length, then the input is ready again. */
export function DoneBanner({ done }: { done: PickupDone }) {
  const { t } = useTranslation('leader');
  const pieces = done.lines.reduce((s, l) => s + l.quantity, 0);
  const who = done.via === 'pass' ? t('pickup.collectFor', { name: done.collectedFor ?? done.resident.name }) : done.resident.name;
  return (
    <section className="ho-done" role="status" aria-live="assertive" data-testid="pickup-success">
      <div className="ho-done-tick" aria-hidden="true">
        <svg viewBox="0 0 24 24" width="52" height="52" fill="none" stroke="currentColor" strokeWidth="3" strokeLinecap="round" strokeLinejoin="round"><path d="m5 12.5 4.5 4.5L19 7.5" /></svg>
      </div>
      <div className="ho-done-title">{t('pickup.done')}</div>
      <div className="ho-done-who">{who}</div>
      <div className="ho-done-what">{t('pickup.doneDetail', { count: done.lines.length, pieces })}</div>
      {done.fulfilment === 'delivery' && done.place && <div className="ho-done-what" data-testid="pickup-success-door">{t('desk.doneAtDoor', { ns: 'pickup', place: done.place })}</div>}
      <div className="ho-done-next">{t('pickup.next')}</div>
    </section>
  );
}
