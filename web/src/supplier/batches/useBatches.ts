import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../shared/api';
import { batchKeys, supplierKeys } from '../../shared/query-keys';
import { postForm } from '../supply-lib';
import type { BatchDetail, BatchItem, BatchStatus, Inspection, LogisticsEvent, SupplyProduct } from '../supply-types';

interface Callbacks<T> { onSuccess: (data: T) => void; onError: (err: Error) => void }

/** The supplier's products (to record batches of). */
export function useSupplierProducts(supplierId: string) {
  return useQuery({
    queryKey: supplierKeys.products(supplierId),
    queryFn: () => api<{ items: SupplyProduct[] }>(`/api/suppliers/${supplierId}/products`),
  });
}

/** The supplier's batches, by status and product. */
export function useSupplierBatches(supplierId: string, status: BatchStatus | 'all', productId: string | undefined) {
  return useQuery({
    queryKey: batchKeys.supplierList(supplierId, status, productId ?? ''),
    queryFn: () => {
      const q = new URLSearchParams({ supplierId });
      if (status !== 'all') q.set('status', status);
      if (productId) q.set('productId', productId);
      return api<{ items: BatchItem[] }>(`/api/batches?${q}`);
    },
  });
}

/** One batch with its inspections and logistics. */
export function useBatch(id: string | null) {
  return useQuery({ queryKey: batchKeys.detail(id), queryFn: () => api<BatchDetail>(`/api/batches/${id}`), enabled: !!id });
}

/** Records a new batch (pending review); the supplier's lists refresh. */
export function useCreateBatch(supplierId: string, { onSuccess, onError }: Callbacks<BatchItem>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { productId: string; producedAt: string; quantity: number; sourcePlace: string }) => api<BatchItem>('/api/batches', { body }),
    onSuccess: async (b) => {
      await queryClient.invalidateQueries({ queryKey: batchKeys.ofSupplier(supplierId) });
      onSuccess(b);
    },
    onError,
  });
}

/** After a change to a batch: the batch, then the supplier's lists. */
function useBatchChanged(supplierId: string, batchId: string) {
  const queryClient = useQueryClient();
  return async () => {
    await queryClient.invalidateQueries({ queryKey: batchKeys.detail(batchId) });
    await queryClient.invalidateQueries({ queryKey: batchKeys.ofSupplier(supplierId) });
  };
}

/** Uploads a lab report (multipart: lab, inspectedAt, result, summary, report). */
export function useAddInspection(supplierId: string, batchId: string, { onSuccess, onError }: Callbacks<Inspection>) {
  const changed = useBatchChanged(supplierId, batchId);
  return useMutation({
    mutationFn: (form: FormData) => postForm<Inspection>(`/api/batches/${batchId}/inspections`, form),
    onSuccess: async (i) => { await changed(); onSuccess(i); },
    onError,
  });
}

/** Adds a logistics event (cold chain, hand-over …) to the batch's trace. */
export function useAddLogistics(supplierId: string, batchId: string, { onSuccess, onError }: Callbacks<LogisticsEvent>) {
  const changed = useBatchChanged(supplierId, batchId);
  return useMutation({
    mutationFn: (body: { kind: string; occurredAt: string; place: string; temperatureC: number | null; note?: string }) =>
      api<LogisticsEvent>(`/api/batches/${batchId}/logistics`, { body }),
    onSuccess: async (e) => { await changed(); onSuccess(e); },
    onError,
  });
}
