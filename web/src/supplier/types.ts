import type { components } from '../shared/api-types';

export type SupplierStatus = 'draft' | 'submitted' | 'more_info_requested' | 'approved' | 'rejected' | 'suspended';
export type DocumentKind = 'business_licence' | 'food_licence' | 'certificate' | 'other';
export type ReviewDecision = 'submit' | 'approve' | 'reject' | 'request_info' | 'suspend' | 'reinstate';
export type ProductCategory = 'fresh_produce' | 'packaged_food' | 'other';

export const SUPPLIER_STATUSES: SupplierStatus[] = ['draft', 'submitted', 'more_info_requested', 'approved', 'rejected', 'suspended'];
export const DOCUMENT_KINDS: DocumentKind[] = ['business_licence', 'food_licence', 'certificate', 'other'];
export const REQUIRED_KINDS: DocumentKind[] = ['business_licence', 'food_licence'];

type Schemas = components['schemas'];

export type SupplierDocument = Schemas['SupplierDocument'];
export type SupplierReview = Schemas['SupplierDetail']['reviews'][number];

export interface SupplierFacts {
  companyName: string; creditCode: string; contactName: string; contactPhone: string; address: string; region: string; description: string;
}

export type SupplierDetail = Schemas['SupplierDetail'];
export type SupplierQueueItem = Schemas['SupplierQueue']['items'][number];
export type SupplierProduct = Schemas['Product'];
