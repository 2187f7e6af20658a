export type OrderStatus = 'pending_payment' | 'paid' | 'confirmed' | 'ready_for_pickup' | 'picked_up' | 'cancelled' | 'refunded';
export type GroupBuyStatus = 'scheduled' | 'open' | 'closed' | 'arrived' | 'cancelled';

export interface Me {
  user: { id: string; name: string; phoneMasked: string; isOperator: boolean };
  communities: { id: string; name: string; address: string; timeZone: string; pickupPointName: string; pickupPointAddress: string; pickupHours: string; role: 'resident' | 'leader'; title: string }[];
  suppliers: { id: string; companyName: string; status: 'draft' | 'submitted' | 'more_info_requested' | 'approved' | 'rejected' | 'suspended' }[];
}

export interface Product {
  id: string; name: string; spec: string; unit: string; origin: string; description: string; imageUrls: string[]; listPriceFen: number; active: boolean;
}

export interface GroupBuy {
  id: string; communityId: string; productId: string; leaderId: string; title: string; note: string; priceFen: number;
  stockTotal: number; stockAvailable: number; perPersonLimit: number; opensAt: string; cutoffAt: string;
  pickupStartAt: string; pickupEndAt: string; status: GroupBuyStatus; closedAt: string | null; arrivedAt: string | null;
  soldQuantity: number; buyerCount: number;
  product: { name: string; spec: string; unit: string; origin: string; description: string; imageUrls: string[]; listPriceFen: number };
}

export interface Order {
  id: string; communityId: string; groupBuyId: string; quantity: number; unitPriceFen: number; totalFen: number; status: OrderStatus;
  pickupCode: string | null; paymentDueAt: string; paidAt: string | null; cancelledAt: string | null; cancelReason: string | null;
  pickedUpAt: string | null; createdAt: string; pickupQrDataUrl?: string | null;
  groupBuy: { title: string; status: GroupBuyStatus; cutoffAt: string; pickupStartAt: string; pickupEndAt: string; productName: string; spec: string; unit: string; imageUrls: string[] };
}

export interface Community {
  id: string; name: string; address: string; timeZone: string; pickupPointName: string; pickupPointAddress: string; pickupHours: string;
  inviteCode?: string; leaders: { userId: string; name: string; title: string }[]; myRole: 'resident' | 'leader' | null;
}

export interface Page<T> { items: T[]; hasMore: boolean }
