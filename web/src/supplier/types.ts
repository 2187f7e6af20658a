export type SupplierStatus = 'draft' | 'submitted' | 'more_info_requested' | 'approved' | 'rejected' | 'suspended';
export type DocumentKind = 'business_licence' | 'food_licence' | 'certificate' | 'other';
export type ReviewDecision = 'submit' | 'approve' | 'reject' | 'request_info' | 'suspend' | 'reinstate';
export type ProductCategory = 'fresh_produce' | 'packaged_food' | 'other';

export const SUPPLIER_STATUSES: SupplierStatus[] = ['draft', 'submitted', 'more_info_requested', 'approved', 'rejected', 'suspended'];
export const DOCUMENT_KINDS: DocumentKind[] = ['business_licence', 'food_licence', 'certificate', 'other'];
export const REQUIRED_KINDS: DocumentKind[] = ['business_licence', 'food_licence'];

export interface SupplierDocument {
  id: string; kind: DocumentKind; title: string; fileId: string; url: string; createdAt: string;
  originalName: string; contentType: string; sizeBytes: number;
}

export interface SupplierReview {
  id: string; decision: ReviewDecision; reason: string; fromStatus: SupplierStatus; toStatus: SupplierStatus; createdAt: string;
  /** Null when a supplier looks at an operator's decision: it reads as "the platform". */
  actorName: string | null; byOperator: boolean;
}

export interface SupplierFacts {
  companyName: string; creditCode: string; contactName: string; contactPhone: string; address: string; region: string; description: string;
}

export interface SupplierDetail extends SupplierFacts {
  id: string; status: SupplierStatus; createdAt: string; submittedAt: string | null; editable: boolean;
  productStats: { total: number; active: number };
  documents: SupplierDocument[];
  reviews: SupplierReview[];
}

export interface SupplierQueueItem extends SupplierFacts {
  id: string; status: SupplierStatus; createdAt: string; submittedAt: string | null;
  documents: { id: string; kind: DocumentKind; title: string; fileId: string; url: string }[];
  lastReview: { decision: ReviewDecision; reason: string; createdAt: string } | null;
}

export interface SupplierProduct {
  id: string; name: string; spec: string; unit: string; origin: string; description: string; imageUrls: string[];
  listPriceFen: number; active: boolean; createdAt: string; supplierId: string | null;
  category: ProductCategory; shelfLifeDays: number | null; storage: string; standards: string[];
}
