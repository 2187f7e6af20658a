import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import sharp, { type OverlayOptions } from 'sharp';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Locale } from '../platform/i18n.js';
import { getFileMeta } from '../modules/files/index.js';
import { campaignCard, groupBuyCard, inviteCard, siteCard, type ShareCardData } from '../queries/share-cards.js';
import { asZod, type AppContext } from './context.js';
import { binaryAnswer, errorResponses } from './api-schemas.js';

/**
 * Share cards: the HTML served for a link people paste into chats (a group buy, an invitation,
 * later a campaign) carries Open Graph, Twitter and WeChat (itemprop) meta, and an og:image
 * rendered here. A page of the app adds itself with `addSharePage`; the SPA itself is unchanged.
 */
export type ShareCardLoader = (ctx: AppContext, params: Record<string, string>, locale: Locale) => Promise<ShareCardData | null>;

interface SharePage { pattern: string; regex: RegExp; names: string[]; load: ShareCardLoader }
const pages: SharePage[] = [];

/** Registers a client-side route (e.g. '/campaigns/:slug') whose links preview with the card `load` gives. */
export function addSharePage(pattern: string, load: ShareCardLoader) {
  const names: string[] = [];
  const regex = new RegExp(`^${pattern.replace(/:(\w+)/g, (_, n: string) => { names.push(n); return '([^/?#]+)'; })}$`);
  pages.push({ pattern, regex, names, load });
}

addSharePage('/g/:id', (ctx, p, locale) => (z.uuid().safeParse(p.id).success ? groupBuyCard(ctx.db, p.id, locale) : Promise.resolve(null)));
addSharePage('/campaigns/:slug', (ctx, p, locale) => (p.slug.length <= 60 ? campaignCard(ctx.db, decodeURIComponent(p.slug), locale, ctx.now()) : Promise.resolve(null)));
addSharePage('/join/:code', (ctx, p, locale) => (p.code.length <= 40 ? inviteCard(ctx.db, p.code, locale) : Promise.resolve(null)));

function match(pathname: string) {
  for (const page of pages) {
    const m = page.regex.exec(pathname);
    if (!m) continue;
    try {
      return { page, params: Object.fromEntries(page.names.map((n, i) => [n, decodeURIComponent(m[i + 1])])) };
    } catch {
      return null; // a broken %-escape: no such page
    }
  }
  return null;
}

/** The card for a path of the app: the page's own, or the site's when the path or its key is unknown. */
export async function cardFor(ctx: AppContext, pathname: string, locale: Locale): Promise<ShareCardData> {
  const found = match(pathname);
  return (found && (await found.page.load(ctx, found.params, locale))) ?? siteCard(locale);
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const version = (card: ShareCardData) => createHash('sha256').update(JSON.stringify(card)).digest('base64url').slice(0, 16);
export const CARD_WIDTH = 1200;
export const CARD_HEIGHT = 630;

/** The image's address: the path it is for and a version of its content, so it may be cached for long. */
export function cardImagePath(pathname: string, card: ShareCardData, locale: Locale) {
  return `/api/share-card.png?path=${encodeURIComponent(pathname)}&lang=${locale}&v=${version(card)}`;
}

/** index.html with the card's meta in place of its <title>; every value escaped. */
export function withShareMeta(indexHtml: string, card: ShareCardData, urls: { page: string; image: string }, locale: Locale): string {
  const e = escapeHtml;
  const meta = (attr: 'property' | 'name' | 'itemprop', key: string, value: string) => `<meta ${attr}="${key}" content="${e(value)}" />`;
  const title = card.title === card.eyebrow ? card.title : `${card.title} · ${card.eyebrow}`;
  const head = [
    `<title>${e(title)}</title>`,
    meta('name', 'description', card.description),
    `<link rel="canonical" href="${e(urls.page)}" />`,
    meta('property', 'og:type', 'website'),
    meta('property', 'og:site_name', locale === 'en' ? 'Linli' : '邻里'),
    meta('property', 'og:title', card.title),
    meta('property', 'og:description', card.description),
    meta('property', 'og:url', urls.page),
    meta('property', 'og:image', urls.image),
    meta('property', 'og:image:width', String(CARD_WIDTH)),
    meta('property', 'og:image:height', String(CARD_HEIGHT)),
    meta('property', 'og:locale', locale === 'en' ? 'en_US' : 'zh_CN'),
    meta('name', 'twitter:card', 'summary_large_image'),
    meta('name', 'twitter:title', card.title),
    meta('name', 'twitter:description', card.description),
    meta('name', 'twitter:image', urls.image),
    // WeChat reads schema.org microdata (and, in older versions, the first large <img> of the body).
    meta('itemprop', 'name', card.title),
    meta('itemprop', 'description', card.description),
    meta('itemprop', 'image', urls.image),
  ].join('\n    ');
  return indexHtml
    .replace(/<html([^>]*)>/, '<html$1 itemscope itemtype="https://schema.org/WebPage">')
    .replace(/<title>[\s\S]*?<\/title>/, () => head)
    .replace(/<body([^>]*)>/, (b) => `${b}\n    <img src="${e(urls.image)}" alt="" hidden loading="lazy" width="${CARD_WIDTH}" height="${CARD_HEIGHT}" />`);
}

// ---- the image ----

const FONT = "'Noto Sans CJK SC','Noto Sans SC','Source Han Sans SC','WenQuanYi Micro Hei','PingFang SC','Microsoft YaHei',sans-serif";

/** Splits text into lines of at most `width` (CJK counts 1, other characters about half). */
export function wrap(text: string, width: number, maxLines: number): string[] {
  const lines: string[] = [];
  let line = '';
  let used = 0;
  for (const ch of text.trim()) {
    const w = /[\u2e80-\uffff]/.test(ch) ? 1 : 0.6;
    if (used + w > width + 1e-9 && line) {
      lines.push(line);
      if (lines.length === maxLines) {
        lines[maxLines - 1] = `${[...line].slice(0, -1).join('')}…`;
        return lines;
      }
      line = '';
      used = 0;
      if (ch === ' ') continue;
    }
    line += ch;
    used += w;
  }
  if (line) lines.push(line);
  return lines;
}

/** A product photo we hold ourselves (a public upload, or a demo picture of the web app); anything else is left out. */
async function photoBytes(ctx: AppContext, url: string | null, webRoot: string | null): Promise<Buffer | null> {
  if (!url) return null;
  try {
    const file = /^\/api\/files\/([0-9a-f-]{36})$/.exec(url);
    if (file) {
      const meta = await getFileMeta(ctx.db, file[1]);
      return meta.visibility === 'public' && meta.contentType.startsWith('image/') ? await ctx.storage.get(meta.storageKey) : null;
    }
    const demo = /^\/demo\/([\w-]+\.(?:svg|png|jpe?g|webp))$/.exec(url);
    if (demo && webRoot) return await readFile(path.join(webRoot, 'demo', demo[1]));
  } catch {
    // a missing file makes a card without a photo, not an error
  }
  return null;
}

/** Renders the 1200×630 PNG: the photo on the left (when there is one), the words on the right. */
export async function renderCardImage(card: ShareCardData, photo: Buffer | null): Promise<Buffer> {
  const e = escapeHtml;
  const textX = photo ? 680 : 80;
  const room = CARD_WIDTH - textX - 60; // pixels; wrap() counts in ems of each size
  const titleLines = wrap(card.title, room / 56, 3);
  const descLines = wrap(card.description, room / 32, 3);
  const titleY = 200;
  const descY = titleY + titleLines.length * 70 + 30;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${CARD_WIDTH}" height="${CARD_HEIGHT}">
  <rect width="100%" height="100%" fill="#fff8f0"/>
  <rect x="0" y="${CARD_HEIGHT - 16}" width="100%" height="16" fill="#e8590c"/>
  <text x="${textX}" y="120" font-family="${FONT}" font-size="30" fill="#e8590c" font-weight="bold">${e(wrap(card.eyebrow, room / 30, 1)[0] ?? '')}</text>
  ${titleLines.map((l, i) => `<text x="${textX}" y="${titleY + i * 70}" font-family="${FONT}" font-size="56" font-weight="bold" fill="#222">${e(l)}</text>`).join('\n  ')}
  ${descLines.map((l, i) => `<text x="${textX}" y="${descY + i * 46}" font-family="${FONT}" font-size="32" fill="#555">${e(l)}</text>`).join('\n  ')}
</svg>`;
  const layers: OverlayOptions[] = [];
  if (photo) {
    const square = await sharp(photo, { limitInputPixels: 40_000_000 }).rotate().resize(630, 614, { fit: 'cover' }).png().toBuffer().catch(() => null);
    if (square) layers.push({ input: square, left: 0, top: 0 });
  }
  return sharp(Buffer.from(svg)).composite(layers).png({ compressionLevel: 8 }).toBuffer();
}

// ---- routes ----

const CACHE_LONG = 'public, max-age=604800, immutable';
const rendered = new Map<string, Buffer>(); // by version: crawlers fetch the same card in bursts

export function shareCardRoutes(app: FastifyInstance, ctx: AppContext, web: { root: string; indexHtml: () => Promise<string> } | null) {
  const r = asZod(app);
  r.get('/api/share-card.png', {
    schema: {
      tags: ['share'], summary: '链接预览图（分享卡片）',
      querystring: z.object({ path: z.string().max(300).startsWith('/'), v: z.string().max(40).optional(), lang: z.enum(['zh-CN', 'en']).optional() }),
      response: { 200: binaryAnswer('A 1200×630 PNG', 'image/png'), ...errorResponses() },
    },
  }, async (req, reply) => {
    const locale = req.query.lang ?? req.locale;
    const card = await cardFor(ctx, req.query.path, locale);
    const v = version(card);
    let png = rendered.get(v);
    if (!png) {
      png = await renderCardImage(card, await photoBytes(ctx, card.photoUrl, web?.root ?? null));
      if (rendered.size >= 200) rendered.delete(rendered.keys().next().value!);
      rendered.set(v, png);
    }
    // A link naming this content's version may be kept; one naming an older version gets today's card, briefly.
    reply.header('cache-control', req.query.v === v ? CACHE_LONG : 'public, max-age=300');
    reply.header('content-type', 'image/png');
    return reply.send(png);
  });

  if (!web) return;
  for (const page of pages) {
    app.get(page.pattern, { schema: { hide: true } }, async (req, reply) => sharePage(req, reply, ctx, web));
  }
}

async function sharePage(req: FastifyRequest, reply: FastifyReply, ctx: AppContext, web: { indexHtml: () => Promise<string> }) {
  const pathname = req.url.split('?')[0];
  const card = await cardFor(ctx, pathname, req.locale);
  const base = req.publicBaseUrl();
  const html = withShareMeta(await web.indexHtml(), card, { page: `${base}${pathname}`, image: `${base}${cardImagePath(pathname, card, req.locale)}` }, req.locale);
  reply.header('cache-control', 'no-cache');
  reply.type('text/html; charset=utf-8');
  return reply.send(html);
}
