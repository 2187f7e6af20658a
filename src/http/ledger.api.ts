import { z } from 'zod';

const hash = z.string().regex(/^[0-9a-f]{64}$/);

/** A signed tree head exactly as signed (signedAt is the signed text, not re-formatted). */
export const checkpoint = z.object({
  origin: z.string(),
  treeSize: z.number().int(),
  rootHash: hash,
  chainHead: hash,
  signedAt: z.string(),
  keyId: z.string(),
  signature: z.string(),
}).meta({ id: 'LedgerCheckpoint' });

export const receipt = z.object({
  format: z.literal('linli-receipt/v1'),
  source: z.string(),
  id: z.string(),
  entry: z.string(),
  leafIndex: z.number().int(),
  inclusionProof: z.array(hash),
  checkpoint,
  keyId: z.string(),
}).meta({ id: 'LedgerReceipt' });

export const publicKey = z.object({
  algorithm: z.literal('Ed25519'),
  keyId: z.string(),
  publicKey: hash,
}).meta({ id: 'LedgerPublicKey' });

/** A checkpoint file as published outside the database, with its proof from the one before. */
export const publishedCheckpoint = z.object({ checkpoint, previousSize: z.number().int().nullable(), consistencyProof: z.array(hash) }).meta({ id: 'LedgerPublishedCheckpoint' });

export const consistency = z.object({ older: checkpoint, newer: checkpoint, proof: z.array(hash) }).meta({ id: 'LedgerConsistency' });

const failure = z.object({
  kind: z.string(),
  source: z.string().optional(),
  entryId: z.string().optional(),
  leafIndex: z.number().int().optional(),
  detail: z.string(),
});

const verification = z.object({
  ranAt: z.string(),
  treeSize: z.number().int(),
  leavesChecked: z.number().int(),
  ok: z.boolean(),
  failures: z.array(failure),
});

export const overview = z.object({
  publicKey,
  checkpoints: z.array(checkpoint.extend({ previousSize: z.number().int().nullable(), consistencyProof: z.array(hash) })),
  latestVerification: verification.nullable(),
  lastFailure: verification.nullable(),
  sources: z.array(z.object({ name: z.string(), leaves: z.number().int() })),
  effectsWaiting: z.array(z.object({ kind: z.string(), id: z.string(), title: z.string(), since: z.string() })),
}).meta({ id: 'LedgerOverview' });

export const runResult = z.object({
  skipped: z.boolean(),
  appended: z.number().int(),
  treeSize: z.number().int().nullable(),
  verificationOk: z.boolean().nullable(),
  failures: z.number().int(),
});
