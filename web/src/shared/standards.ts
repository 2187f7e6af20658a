import { useQuery } from '@tanstack/react-query';
import type { components } from './api-types';
import { api } from './api';
import { standardsKeys } from './query-keys';

type Schemas = components['schemas'];
export type Standard = Schemas['Standard'];
export type StandardCriterion = Schemas['StandardCriterion'];
export type ProvenStandard = Schemas['ProvenStandard'];
export type ProvenStandards = Schemas['ProvenStandards'];
export type StandardReviewQueueItem = Schemas['StandardReviewQueueItem'];
export type StandardProof = Schemas['StandardProof'];
export type StandardsVocabulary = Schemas['StandardsVocabulary'];
export type SupplierProductStandards = Schemas['SupplierProductStandards'];
export type Certificate = Schemas['Certificate'];

/** The standards these products prove now, with the proof (public; one request for a whole page). */
export function useProvenStandards(productIds: string[]) {
  const ids = [...new Set(productIds)].sort();
  return useQuery({
    queryKey: standardsKeys.proven(ids),
    queryFn: () => api<{ items: ProvenStandards[] }>(`/api/standards/proven?productIds=${ids.join(',')}`),
    enabled: ids.length > 0,
    staleTime: 60_000,
    select: (d) => new Map(d.items.map((i) => [i.productId, i.standards])),
  });
}

/** Analytes, certificate types and trace steps the server knows. */
export function useStandardsVocabulary() {
  return useQuery({ queryKey: standardsKeys.vocabulary(), queryFn: () => api<StandardsVocabulary>('/api/standards/vocabulary'), staleTime: Infinity });
}
