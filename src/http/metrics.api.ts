import { z } from 'zod';
import { instant, itemsOf } from './api-schemas.js';
import { npsSubjects } from '../modules/metrics/index.js';

/** Response shapes of the metrics routes (NPS, monthly measures, survey rounds), as the services return them. */

/**
 * The survey to show the resident now: a round she was invited to (surveyId and title set), or
 * her leader after a recent pickup (orderId and leaderName set).
 */
export const pendingSurvey = z.object({
  subjectType: z.enum(npsSubjects),
  subjectId: z.uuid().nullable(),
  surveyId: z.uuid().nullable(),
  orderId: z.uuid().nullable(),
  /** The exact wording asked. */
  question: z.string(),
  leaderName: z.string().nullable(),
  title: z.string().nullable(),
}).meta({ id: 'NpsPendingSurvey' });

export const npsAnswered = z.object({ id: z.uuid(), score: z.int(), question: z.string() });

/** Counts behind an NPS figure; below the minimum sample the figure and its margin are null. */
const npsCounts = {
  n: z.int(),
  insufficient: z.boolean(),
  nps: z.number().nullable(),
  marginOfError95: z.number().nullable(),
};

export const npsReport = z.object({
  ...npsCounts,
  promoters: z.int(),
  passives: z.int(),
  detractors: z.int(),
  minSample: z.int(),
}).meta({ id: 'NpsReport' });

export const npsMonth = z.object({ month: z.string(), ...npsCounts }).meta({ id: 'NpsMonth' });

/** One month's measures; rates are null when their base is zero. */
export const monthlyMeasure = z.object({
  /** YYYY-MM in the community's time zone. */
  month: z.string(),
  buyers: z.int(),
  orders: z.int(),
  lines: z.int(),
  gmvFen: z.int(),
  refundsFen: z.int(),
  repeatBuyers: z.int(),
  previousBuyers: z.int(),
  readyOrHandedOver: z.int(),
  pickedUp: z.int(),
  claims: z.int(),
  complaints: z.int(),
  claimRefundFen: z.int(),
  repurchaseRate: z.number().nullable(),
  aovFen: z.int().nullable(),
  arpuFen: z.int().nullable(),
  pickupRate: z.number().nullable(),
  claimRate: z.number().nullable(),
  complaintRate: z.number().nullable(),
}).meta({ id: 'MetricsMonth' });

/** A survey round with its results and response rate. */
export const surveyRound = z.object({
  id: z.uuid(),
  subjectType: z.enum(['platform', 'campaign']),
  campaignId: z.uuid().nullable(),
  title: z.string(),
  sampleSize: z.int(),
  eligible: z.int(),
  invited: z.int(),
  opensAt: instant,
  closesAt: instant,
  createdBy: z.uuid(),
  createdAt: instant,
  question: z.string(),
  responded: z.int(),
  responseRate: z.number().nullable(),
  ...npsCounts,
  promoters: z.int(),
  passives: z.int(),
  detractors: z.int(),
  minSample: z.int(),
}).meta({ id: 'NpsSurveyRound' });

export const monthlyList = itemsOf(monthlyMeasure);
export const npsMonthList = itemsOf(npsMonth);
export const surveyRoundList = itemsOf(surveyRound);
