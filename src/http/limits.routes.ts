import { z } from 'zod';
import type { FastifyInstance } from 'fastify';
import { asZod, type AppContext } from './context.js';
import { errorResponses } from './api-schemas.js';
import { MAX_DOCUMENT_BYTES, MAX_IMAGE_BYTES } from '../modules/files/index.js';
import { COURSE_LIMITS } from '../modules/training/index.js';
import { HONOUR_LIMITS } from '../modules/training/index.js';
import { MISSION_MAX } from '../modules/training/index.js';
import { LIMITS as POST_LIMITS } from '../modules/feed/index.js';
import { CLAIM_LIMITS } from '../modules/aftersales/index.js';
import { NOTE_MAX as ORDER_NOTE_MAX } from '../modules/orders/index.js';
import { OPEN_LIMITS } from '../modules/groupbuy/index.js';
import { TRIAL_LIMITS } from '../modules/leaders/index.js';
import { EVENT_LIMITS } from '../modules/gatherings/index.js';
import { MEMBER_LIMITS, WELCOME_GIFT_LIMITS } from '../modules/community/index.js';
import { SURVEY_LIMITS } from '../modules/metrics/index.js';
import { MESSAGE_LIMITS } from '../modules/messaging/index.js';

const count = z.number().int().nonnegative();
const counts = <K extends string>(...keys: K[]) => z.object(Object.fromEntries(keys.map((k) => [k, count])) as Record<K, typeof count>);

/**
 * The limits the server enforces and the web app checks first (so a mistake shows under its field
 * before anything is sent): text lengths in characters, counts, file sizes in bytes, days.
 */
export const limitsSchema = z.object({
  files: counts('imageBytes', 'documentBytes'),
  courses: counts('title', 'description', 'lessons', 'lessonTitle', 'lessonBody', 'videoUrl', 'questions', 'prompt', 'option', 'minOptions', 'maxOptions'),
  honours: counts('name', 'description', 'reason', 'minReason', 'rule'),
  leaderProfile: counts('mission'),
  posts: counts('title', 'body', 'comment', 'images', 'pollOptions', 'optionLength', 'links', 'reasonMin', 'reasonMax'),
  claims: counts('photos', 'descriptionMin', 'descriptionMax', 'windowDays'),
  orders: counts('note'),
  groupBuys: counts('items', 'title', 'note', 'priceFen', 'stock', 'perPersonLimit'),
  trials: counts('photos', 'storyMin', 'storyMax'),
  events: counts('titleMin', 'titleMax', 'descriptionMin', 'descriptionMax', 'photos'),
  welcomeGift: counts('titleMin', 'titleMax', 'description'),
  members: counts('displayNameMin', 'displayNameMax', 'doorNumberMax', 'noteMax'),
  surveys: counts('titleMin', 'titleMax', 'sampleMax', 'closesWithinDays'),
  /** Private messages to the leader: text length, photos, and how many a resident may send per minute and per day. */
  messages: counts('body', 'photos', 'perMinute', 'perDay'),
}).meta({ id: 'Limits' });

export type Limits = z.infer<typeof limitsSchema>;

/** Read from the modules' own constants (and the claim window from configuration), never restated. */
export function currentLimits(ctx: Pick<AppContext, 'config'>): Limits {
  return {
    files: { imageBytes: MAX_IMAGE_BYTES, documentBytes: MAX_DOCUMENT_BYTES },
    courses: { ...COURSE_LIMITS },
    honours: { ...HONOUR_LIMITS },
    leaderProfile: { mission: MISSION_MAX },
    posts: {
      title: POST_LIMITS.title, body: POST_LIMITS.body, comment: POST_LIMITS.comment, images: POST_LIMITS.images, pollOptions: POST_LIMITS.pollOptions,
      optionLength: POST_LIMITS.optionLength, links: POST_LIMITS.links, reasonMin: POST_LIMITS.reasonMin, reasonMax: POST_LIMITS.reasonMax,
    },
    claims: { ...CLAIM_LIMITS, windowDays: ctx.config.claimWindowDays },
    orders: { note: ORDER_NOTE_MAX },
    groupBuys: { ...OPEN_LIMITS },
    trials: { ...TRIAL_LIMITS },
    events: { ...EVENT_LIMITS },
    welcomeGift: { ...WELCOME_GIFT_LIMITS },
    members: { ...MEMBER_LIMITS },
    surveys: { ...SURVEY_LIMITS },
    messages: { body: MESSAGE_LIMITS.body, photos: MESSAGE_LIMITS.photos, perMinute: MESSAGE_LIMITS.perMinute, perDay: MESSAGE_LIMITS.perDay },
  };
}

export function limitsRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = asZod(app);
  const limits = currentLimits(ctx);
  r.get('/api/limits', {
    schema: { tags: ['limits'], summary: '服务器的限制（字数、张数、文件大小），页面先按它检查', response: { 200: limitsSchema, ...errorResponses() } },
  }, async () => limits);
}
