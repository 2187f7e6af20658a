import type { Db } from '../platform/db/client.js';
import { AppError } from '../platform/errors.js';
import { translate, type Locale } from '../platform/i18n.js';
import { getGroupBuyDetail } from '../modules/groupbuy/index.js';
import { communityByInvite, getCommunity } from '../modules/community/index.js';
import { campaignBySlug, campaignView } from '../modules/campaigns/index.js';

/**
 * What a pasted link previews as in a chat app. Anyone holding the link sees it (the chat app's
 * crawler has no session), so it carries only what is fit for that: never a phone, a price, a
 * stock count or a buyer. A group buy is members-only in the app, so its card says what the
 * leader's own share text announces anyway — its title, where, what products, one photo —
 * and leaves the prices to the page behind the login.
 */
export interface ShareCardData {
  title: string;
  description: string;
  /** Small line above the title on the image (the community). */
  eyebrow: string;
  /** A product photo from our own storage or the web app's demo pictures; never fetched from elsewhere. */
  photoUrl: string | null;
}

const t = (locale: Locale, key: string, params: Record<string, unknown> = {}) => translate(locale, `shareCard.${key}`, params);

/** Loaders answer null for an unknown key: the page then gets the site's own card. */
async function orNull<T>(load: () => Promise<T>): Promise<T | null> {
  try {
    return await load();
  } catch (err) {
    if (err instanceof AppError && err.status === 404) return null;
    throw err;
  }
}

export function siteCard(locale: Locale): ShareCardData {
  return { title: t(locale, 'siteTitle'), description: t(locale, 'siteDescription'), eyebrow: t(locale, 'siteName'), photoUrl: null };
}

/** /g/:id — a group buy. */
export async function groupBuyCard(db: Db, id: string, locale: Locale): Promise<ShareCardData | null> {
  return orNull(async () => {
    const gb = await getGroupBuyDetail(db, id);
    const community = await getCommunity(db, gb.communityId);
    const names = [...new Set(gb.items.map((i) => i.product.name))];
    const list = names.slice(0, 4).join(locale === 'en' ? ', ' : '、') + (names.length > 4 ? t(locale, 'more', { count: names.length }) : '');
    return {
      title: gb.title,
      description: t(locale, 'groupBuyDescription', { community: community.name, products: list }),
      eyebrow: t(locale, 'groupBuyEyebrow', { community: community.name }),
      photoUrl: gb.items.flatMap((i) => i.product.imageUrls)[0] ?? null,
    };
  });
}

/** /join/:code — an invitation: what the public invite preview already shows. */
export async function inviteCard(db: Db, code: string, locale: Locale): Promise<ShareCardData | null> {
  return orNull(async () => {
    const { community, leaders, memberCount } = await communityByInvite(db, code);
    const leader = leaders[0];
    return {
      title: t(locale, 'inviteTitle', { community: community.name }),
      description: [
        t(locale, 'inviteMembers', { count: memberCount }),
        ...(leader ? [t(locale, 'inviteLeader', { name: `${leader.title ?? ''}${leader.name ?? ''}` })] : []),
        ...(community.pickupPointName ? [t(locale, 'invitePickup', { place: community.pickupPointName })] : []),
      ].join(' · '),
      eyebrow: t(locale, 'siteName'),
      photoUrl: null,
    };
  });
}

/** /campaigns/:slug — a published campaign: its name, badge, period and the products proving its standards. A draft previews as the site. */
export async function campaignCard(db: Db, slug: string, locale: Locale, now = new Date()): Promise<ShareCardData | null> {
  return orNull(async () => {
    const campaign = await campaignBySlug(db, slug);
    if (campaign.status === 'draft') return null;
    const view = await campaignView(db, campaign, now);
    const en = locale === 'en';
    const names = view.products.map((p) => p.product.name);
    const standards = view.standards.map((s) => (en ? s.nameEn : s.nameZh)).join(en ? ', ' : '、');
    return {
      title: en ? campaign.nameEn : campaign.nameZh,
      description: [
        t(locale, 'campaignStandards', { standards }),
        ...(names.length ? [t(locale, 'campaignProducts', { products: names.slice(0, 4).join(en ? ', ' : '、') + (names.length > 4 ? t(locale, 'more', { count: names.length }) : '') })] : []),
      ].join(' '),
      eyebrow: t(locale, 'campaignEyebrow', { badge: en ? campaign.badgeEn : campaign.badgeZh, from: campaign.startsOn, to: campaign.endsOn }),
      photoUrl: view.products.map((p) => p.product.imageUrl).find(Boolean) ?? null,
    };
  });
}
