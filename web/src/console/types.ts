export interface ConsoleCommunity {
  id: string; name: string; address: string; timeZone: string; pickupPointName: string; pickupPointAddress: string;
  pickupHours: string; inviteCode: string; createdAt: string; memberCount: number;
  leaders: { userId: string; name: string; title: string }[];
}

export interface Member { userId: string; name: string; phoneMasked: string; role: 'resident' | 'leader'; joinedAt: string }

export interface ConsoleProduct {
  id: string; name: string; spec: string; unit: string; origin: string; description: string; imageUrls: string[];
  listPriceFen: number; active: boolean; createdAt: string; supplierId: string | null;
  category?: 'fresh_produce' | 'packaged_food' | 'other'; shelfLifeDays?: number | null; storage?: string; standards?: string[];
}
