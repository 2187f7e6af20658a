/**
 * Composes docs/screenshot.png for the README from three phone screens the browser journey saved:
 * 李阿姨's three-item basket (one checkout, one payment), her one rotating pickup code for
 * everything ready, and 王叔's pickup desk after one scan of it.
 *
 *   npx vite build && npx vitest run --project e2e   # writes e2e/screenshots/
 *   npx tsx e2e/readme-screenshot.ts                 # writes docs/screenshot.png
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import sharp from 'sharp';
import { CHROMIUM, SCREENSHOTS } from './harness.js';

const OUT = path.resolve('docs/screenshot.png');
const MAX_BYTES = 600 * 1024;
const screens = [
  { file: '03-resident-basket.png', zh: '一个购物车：草莓、土鸡蛋、鲜牛奶，留言给团长，一次付款', en: 'One basket, one payment' },
  { file: '31-resident-pickup-code-new.png', zh: '一个取货码：每分钟刷新，到货的东西一次取走', en: 'One rotating pickup code' },
  { file: '32-leader-pickup-found-screen.png', zh: '王叔扫一次：跟团号、打码的名字、全部待取，一键交付', en: 'One scan at the pickup desk' },
];

for (const s of screens) {
  if (!existsSync(path.join(SCREENSHOTS, s.file))) throw new Error(`missing e2e/screenshots/${s.file}: run the e2e project first`);
}
const img = (file: string) => `data:image/png;base64,${readFileSync(path.join(SCREENSHOTS, file)).toString('base64')}`;

const html = `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><style>
  * { box-sizing: border-box; }
  body { margin: 0; background: linear-gradient(180deg, #fff7f0 0%, #fdf1e6 100%); font-family: 'Noto Sans CJK SC', 'PingFang SC', 'Microsoft YaHei', sans-serif; color: #2b2b2b; }
  main { width: 1500px; padding: 40px 60px 36px; }
  h1 { margin: 0; font-size: 30px; font-weight: 700; text-align: center; }
  h1 span { color: #c2410c; }
  .sub { margin: 8px 0 30px; text-align: center; color: #777; font-size: 17px; }
  .row { display: flex; justify-content: center; gap: 56px; }
  figure { margin: 0; width: 360px; }
  .phone { border-radius: 40px; padding: 12px; background: #1f1f1f; box-shadow: 0 18px 40px rgba(120, 60, 20, .18); }
  .phone img { display: block; width: 100%; border-radius: 30px; }
  figcaption { margin-top: 16px; text-align: center; font-size: 16px; line-height: 1.5; }
  figcaption b { display: block; font-size: 18px; }
  .foot { margin: 26px 0 0; text-align: center; color: #aaa; font-size: 13px; }
</style></head><body><main>
  <h1><span>邻里</span> Linli · 信任优先的社区团购</h1>
  <p class="sub">李阿姨把三样东西放进一个购物车，付一次款；到货后出示一个会变的取货码，王叔扫一次全部交付 — one basket, one payment, one hand-over nobody can fake</p>
  <div class="row">
    ${screens.map((s, i) => `<figure><div class="phone"><img src="${img(s.file)}" alt=""></div><figcaption><b>${'①②③'[i]} ${s.en}</b>${s.zh}</figcaption></figure>`).join('\n    ')}
  </div>
  <p class="foot">Real screens from the browser tests (e2e/journey.test.ts): 390×844 phone, demo data, sandbox payment.</p>
</main></body></html>`;

const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ viewport: { width: 1500, height: 900 }, deviceScaleFactor: 1 });
  await page.setContent(html, { waitUntil: 'load' });
  await page.evaluate(() => document.fonts.ready);
  const raw = await page.locator('main').screenshot();
  // A 256-colour palette keeps flat UI crisp at a fraction of the size.
  const png = await sharp(raw).png({ palette: true, quality: 90, effort: 10, compressionLevel: 9 }).toBuffer();
  if (png.length > MAX_BYTES) throw new Error(`docs/screenshot.png would be ${Math.round(png.length / 1024)} KB (limit ${MAX_BYTES / 1024} KB)`);
  writeFileSync(OUT, png);
  const meta = await sharp(png).metadata();
  console.log(`wrote ${path.relative(process.cwd(), OUT)}: ${meta.width}×${meta.height}, ${Math.round(png.length / 1024)} KB`);
} finally {
  await browser.close();
}
