import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useNavigate } from 'react-router';
import { useTranslation } from 'react-i18next';
import { Toast } from 'antd-mobile';
import { api, ApiError } from '../../shared/api';
import type { OrderLineView, OrderView, PaymentStartView } from '../../shared/types';
import { basketKeys, groupBuyKeys, orderKeys } from '../../shared/query-keys';

/** What one line means to her, in the words of the orders pages. */
export type LineState = 'toPay' | 'waitingCutoff' | 'waitingArrival' | 'ready' | 'collected' | 'refunded' | 'notCollected' | 'cancelled';

export function lineState(l: OrderLineView): LineState {
  switch (l.status) {
    case 'pending_payment': return 'toPay';
    case 'paid': return l.groupBuy.status === 'open' || l.groupBuy.status === 'scheduled' ? 'waitingCutoff' : 'waitingArrival';
    case 'confirmed': return 'waitingArrival';
    case 'ready_for_pickup': return 'ready';
    case 'picked_up': return 'collected';
    case 'refunded': return 'refunded';
    case 'not_collected': return 'notCollected';
    default: return 'cancelled';
  }
}

/** The cut-off that really happened (the server's: the leader may close early), and whether it was early. */
export const realCutoff = (gb: OrderLineView['groupBuy']) => gb.actualCutoffAt;
export const closedEarly = (gb: OrderLineView['groupBuy']) => new Date(gb.actualCutoffAt).getTime() < new Date(gb.cutoffAt).getTime();

/** Lines she may still cancel: unpaid or paid, and their group buy not yet cut off. */
export function cancellableLines(o: OrderView, now = Date.now()) {
  if (o.status === 'cancelled') return [];
  return o.lines.filter((l) =>
    (l.status === 'pending_payment' || l.status === 'paid')
    && (l.groupBuy.status === 'open' || l.groupBuy.status === 'scheduled')
    && new Date(l.groupBuy.actualCutoffAt).getTime() > now);
}

export const readyLines = (o: OrderView) => o.lines.filter((l) => l.status === 'ready_for_pickup');

/** Communities where something of hers is ready now, with how many lines. */
export function readyByCommunity(orders: OrderView[]) {
  const out = new Map<string, number>();
  for (const o of orders) {
    const n = readyLines(o).length;
    if (n > 0) out.set(o.communityId, (out.get(o.communityId) ?? 0) + n);
  }
  return out;
}

/** Starts (or resumes) paying a pending order and opens the checkout. */
export function usePayOrder() {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { t } = useTranslation('resident');
  return useMutation({
    mutationFn: (orderId: string) => api<PaymentStartView>(`/api/orders/${orderId}/pay`, { method: 'POST' }),
    onSuccess: (res) => navigate(res.payUrl),
    onError: (err, orderId) => {
      Toast.show({ icon: 'fail', content: err instanceof ApiError ? err.message : t('pay.failed'), duration: 3000 });
      void queryClient.invalidateQueries({ queryKey: orderKeys.list() });
      void queryClient.invalidateQueries({ queryKey: orderKeys.detail(orderId) });
    },
  });
}

/** Cancels the whole order, or the chosen lines, before the cut-off. */
export function useCancelOrder(orderId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (lineIds?: string[]) => api<OrderView>(`/api/orders/${orderId}/cancel`, { body: lineIds ? { lineIds } : {} }),
    onSuccess: (res) => {
      queryClient.setQueryData(orderKeys.detail(orderId), res);
      void queryClient.invalidateQueries({ queryKey: orderKeys.list() });
      void queryClient.invalidateQueries({ queryKey: groupBuyKeys.all });
      void queryClient.invalidateQueries({ queryKey: basketKeys.all });
    },
    onError: () => { void queryClient.invalidateQueries({ queryKey: orderKeys.detail(orderId) }); },
  });
}
