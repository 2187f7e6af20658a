import type { OrderStatus } from '../shared/types';

/** A row of GET /api/group-buys/:id/orders (leader view: masked phones only). */
export interface LeaderOrder {
  id: string; quantity: number; totalFen: number; status: OrderStatus; createdAt: string; paidAt: string | null;
  pickedUpAt: string | null; residentName: string; phoneMasked: string;
}

/** POST /api/communities/:id/pickups/lookup|verify and rows of …/pickups/pending (pending rows carry no code). */
export interface PickupView {
  id: string; pickupCode?: string | null; quantity: number; totalFen: number; status: OrderStatus; pickedUpAt: string | null;
  groupBuyId: string; title: string; productName: string; spec: string; unit: string; residentName: string; phoneMasked: string;
}

export interface PendingPickups { items: PickupView[]; pickedUpLast24h: number }
export interface ShareKit { text: string; url: string; qrDataUrl: string }
export interface InviteKit { url: string; inviteCode: string; qrDataUrl: string }
