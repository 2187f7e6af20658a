import { z } from 'zod';
import { instant, itemsOf } from './api-schemas.js';
import { storyStatuses } from '../modules/feed/index.js';

/** Response shapes of the KOC story routes (campaign stories chosen from residents' posts). */

export const storyStatus = z.enum(storyStatuses);
const product = z.object({ id: z.uuid(), name: z.string() });

export const taggableProducts = itemsOf(product).meta({ id: 'TaggableProducts' });
export const postTags = z.object({ postId: z.uuid(), productIds: z.array(z.uuid()) }).meta({ id: 'PostProductTags' });

export const storyCandidates = z.object({
  campaign: z.object({ id: z.uuid(), slug: z.string(), name: z.string() }),
  items: z.array(z.object({
    postId: z.uuid(), title: z.string(), excerpt: z.string(), photoCount: z.int(), createdAt: instant,
    /** Her name in the community, whole: her own leader knows her. */
    author: z.string(),
    /** The tagged products of the campaign that prove its standards now. */
    products: z.array(product),
    story: z.object({ id: z.uuid(), status: storyStatus, nominatedAt: instant }).nullable(),
  })),
}).meta({ id: 'StoryCandidates' });

export const nominated = z.object({ id: z.uuid(), status: storyStatus }).meta({ id: 'StoryNominated' });

export const myStory = z.object({
  id: z.uuid(), status: storyStatus, nominatedAt: instant, answeredAt: instant.nullable(), removedReason: z.string().nullable(),
  campaign: z.object({ slug: z.string(), name: z.string() }), communityName: z.string(), communityId: z.uuid(), postId: z.uuid(),
  excerpt: z.string(), photoCount: z.int(), leaderName: z.string(),
  /** How her name would appear (masked). */
  shownAs: z.string(),
}).meta({ id: 'MyStory' });
export const myStories = itemsOf(myStory).meta({ id: 'MyStories' });

export const storyAnswered = z.object({ id: z.uuid(), status: storyStatus }).meta({ id: 'StoryAnswered' });
export const storyRemoved = z.object({ id: z.uuid(), status: storyStatus, removedReason: z.string() }).meta({ id: 'StoryRemoved' });

export const publicStory = z.object({
  id: z.uuid(),
  /** Masked (李**). */
  author: z.string(), communityName: z.string(), title: z.string(), body: z.string(), photos: z.array(z.string()), shownAt: instant,
  /** verifiedPurchase (已购买认证): she was handed this product, computed when read. */
  products: z.array(product.extend({ verifiedPurchase: z.boolean() })),
}).meta({ id: 'PublicStory' });

export const storyPage = z.object({
  campaign: z.object({ slug: z.string(), name: z.string() }), page: z.int(), pageSize: z.int(), hasMore: z.boolean(), items: z.array(publicStory),
}).meta({ id: 'StoryPage' });
