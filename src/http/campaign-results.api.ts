import { z } from 'zod';

/** Response shape of the campaign results report (docs/campaign-results.md), as the query returns it. */

const interval = z.object({ low: z.number(), high: z.number() }).nullable();
/** A difference between two groups, its 95% interval and whether either group is below the minimum sample. */
const comparison = z.object({ diff: z.number().nullable(), ci: interval, insufficient: z.boolean() });
const rate = z.object({ x: z.int(), n: z.int(), rate: z.number().nullable() });
const aov = z.object({ n: z.int(), meanFen: z.int().nullable() });
const npsFigure = z.object({ n: z.int(), insufficient: z.boolean(), nps: z.number().nullable(), marginOfError95: z.number().nullable() });
const triple = <T extends z.ZodType>(t: T, c: z.ZodType = comparison) => z.object({ campaign: t, before: t, comparison: t, vsBefore: c, vsComparison: c });

const slice = {
  communityId: z.uuid().nullable(),
  communityName: z.string().nullable(),
  /** Participating residents with a paid order in the period before (the cohort compared). */
  participants: z.int(),
  /** Participating residents who had no order before: counted, not compared. */
  newParticipants: z.int(),
  campaignNps: npsFigure.extend({ promoters: z.int(), passives: z.int(), detractors: z.int(), minSample: z.int() }),
  repurchase: triple(rate),
  aov: triple(aov, comparison.extend({ df: z.number().nullable() })),
  claimRate: triple(rate),
  platformNps: triple(npsFigure),
  monthly: z.array(z.object({ group: z.enum(['participants', 'comparison']), month: z.string(), x: z.int(), n: z.int(), rate: z.number().nullable() })),
};

export const communitySlice = z.object(slice).meta({ id: 'CampaignResultsSlice' });

export const campaignResults = z.object({
  campaign: z.object({ id: z.uuid(), nameZh: z.string(), nameEn: z.string(), startsOn: z.string(), endsOn: z.string() }),
  period: z.object({ first: z.string(), last: z.string(), days: z.int(), months: z.array(z.string()) }),
  before: z.object({ first: z.string(), last: z.string(), months: z.array(z.string()) }),
  minSample: z.int(),
  comparisonResidents: z.int(),
  comparisonCommunities: z.int(),
  ...slice,
  monthlyAov: z.array(z.object({ group: z.enum(['participants', 'comparison']), month: z.string(), orders: z.int(), aovFen: z.int().nullable() })),
  communities: z.array(communitySlice),
}).meta({ id: 'CampaignResults' });
