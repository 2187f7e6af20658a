/** The events the quality module records. */
declare module '../../platform/events/service.js' {
  interface EventPayloads {
    'batch.created': { productId: string; code: string };
    'inspection.recorded': { inspectionId: string; result: 'pass' | 'fail'; lab: string };
    'batch.approved': { note: string };
    'batch.rejected': { note: string };
    'standard.defined': { version: number; nameZh: string };
    'standard.reviewed': { standardId: string; batchId: string; decision: 'accepted' | 'rejected'; version: number };
    'certificate.added': { certificateId: string; type: string; validUntil: string };
  }
}

export {};
