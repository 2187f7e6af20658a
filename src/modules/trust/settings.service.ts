import { eq } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../platform/db/client.js';
import { trustSettings } from './schema.js';
import { DEFAULT_TIER_SETTINGS, validateTierSettings, type TierSettings } from './tiers.js';
import { badRequest } from '../../platform/errors.js';
import { inTransaction, recordEvent } from '../../platform/events/service.js';

const TIERS_KEY = 'leader_tiers';

/** The tier settings in force: what operators saved, or the defaults of TRUST.md. */
export async function tierSettings(db: DbOrTx): Promise<TierSettings> {
  const [row] = await db.select().from(trustSettings).where(eq(trustSettings.key, TIERS_KEY));
  return (row?.value as TierSettings | undefined) ?? DEFAULT_TIER_SETTINGS;
}

/** Saves new thresholds; overlapping or gapped ones are refused and nothing changes. */
export async function saveTierSettings(db: Db, operatorId: string, settings: TierSettings) {
  const problem = validateTierSettings(settings);
  if (problem) throw badRequest(`trust.${problem}`);
  await inTransaction(db, async (tx) => {
    await tx.insert(trustSettings).values({ key: TIERS_KEY, value: settings, updatedBy: operatorId, updatedAt: new Date() })
      .onConflictDoUpdate({ target: trustSettings.key, set: { value: settings, updatedBy: operatorId, updatedAt: new Date() } });
    await recordEvent(tx, { type: 'trust.settings_changed', communityId: null, actorId: operatorId, subjectId: operatorId, payload: { key: TIERS_KEY, settings } });
  });
  return settings;
}
