import type { OrderView } from '../../shared/types';

export type StepKey = 'placed' | 'paid' | 'cutoff' | 'arrived' | 'collected' | 'cancelled' | 'refunded' | 'notCollected';
export type StepStatus = 'finish' | 'process' | 'wait' | 'error';
export interface OrderStep { key: StepKey; status: StepStatus }

type StepsInput = Pick<OrderView, 'progress' | 'paidAt'> & { lines: Pick<OrderView['lines'][number], 'status' | 'groupBuy'>[] };

const AFTER_CUTOFF = new Set(['confirmed', 'ready_for_pickup', 'picked_up', 'not_collected']);
const ARRIVED = new Set(['ready_for_pickup', 'picked_up', 'not_collected']);

/**
 * 下单 → 付款 → 成团 (cut-off) → 到货 → 取货, lit only as far as things happened: 成团 only once every
 * group buy of her lines has closed; a cancelled, refunded or uncollected order ends on that step.
 */
export function orderSteps(o: StepsInput): OrderStep[] {
  const step = (key: StepKey, status: StepStatus): OrderStep => ({ key, status });
  if (o.progress === 'cancelled') return [step('placed', 'finish'), ...(o.paidAt ? [step('paid', 'finish')] : []), step('cancelled', 'error')];
  if (o.progress === 'refunded') return [step('placed', 'finish'), step('paid', 'finish'), step('refunded', 'error')];
  if (o.progress === 'pending_payment') return [step('placed', 'finish'), step('paid', 'process'), step('cutoff', 'wait'), step('arrived', 'wait'), step('collected', 'wait')];
  const live = o.lines.filter((l) => l.status !== 'cancelled' && l.status !== 'refunded');
  const cutOff = live.every((l) => AFTER_CUTOFF.has(l.status) || (l.groupBuy.status !== 'open' && l.groupBuy.status !== 'scheduled'));
  const arrived = live.every((l) => ARRIVED.has(l.status));
  const next = (done: boolean, reached: boolean): StepStatus => (done ? 'finish' : reached ? 'process' : 'wait');
  const last = o.progress === 'not_collected' ? step('notCollected', 'error') : step('collected', next(o.progress === 'collected', arrived));
  return [step('placed', 'finish'), step('paid', 'finish'), step('cutoff', next(cutOff, true)), step('arrived', next(arrived, cutOff)), last];
}
