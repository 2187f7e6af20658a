/** The files module's public API: what other modules, workflows, queries and routes may use. */
export { storedFiles } from './schema.js';
export { MAX_DOCUMENT_BYTES, MAX_IMAGE_BYTES, fileUrl, getFileMeta, publicImage, recordUpload, sha256, sniffType, stageUpload } from './service.js';
export type { StagedUpload, UploadMeta } from './service.js';
export { sweepUnreferencedUploads } from './sweep.service.js';
