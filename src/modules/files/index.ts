/** The files module's public API: what other modules, workflows, queries and routes may use. */
export { storedFiles } from './schema.js';
export { MAX_DOCUMENT_BYTES, MAX_IMAGE_BYTES, fileUrl, getFileMeta, saveUpload, sha256, sniffType } from './service.js';
