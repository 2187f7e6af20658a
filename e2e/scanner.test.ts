import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { JOURNEY_TIMEOUT, browserAvailable, logInThroughPage, phoneContext, shot, startHarness, watchErrors, type Harness } from './harness.js';

const HOUR = 3_600_000;

/**
 * The hand-over desk scanning with the camera in a browser without BarcodeDetector (Chromium on
 * Linux has none): the ZXing WebAssembly reader, served from our origin under the CSP, reads the
 * QR on 李阿姨's phone from a camera stream, and her ready lines come up. Without a camera the
 * desk says so and puts the cursor in the code box.
 */
describe.skipIf(!browserAvailable())('browser: scanning a pickup QR where the browser has no barcode detector', { timeout: JOURNEY_TIMEOUT }, () => {
  const LEADER = '13800000001';
  const LI = '13800000002';
  let h: Harness;
  const pageErrors: string[] = [];
  const watch = watchErrors(pageErrors);

  beforeAll(async () => {
    h = await startHarness();
    // Today's 团 closes, arrives and is counted in; the clock moves into its pickup window.
    const { liveGroupBuyId } = h.seed;
    await h.closeGroupBuys([liveGroupBuyId]);
    await h.deliver([liveGroupBuyId], { receive: true });
    const start = await h.one<{ at: Date }>(sql`select pickup_start_at as at from group_buys where id = ${liveGroupBuyId}`);
    await h.advanceTo(new Date(new Date(start.at).getTime() + HOUR));
  });
  afterAll(async () => { await h?.close(); });

  it('王叔 without a camera is told so and typing is ready; with one, 李阿姨\'s QR is read and her ready lines come up', async () => {
    const { communityId } = h.seed;
    const li = await h.one<{ id: string }>(sql`select id from users where phone = ${LI}`);
    const ready = await h.rows<{ id: string }>(sql`select id from order_lines where user_id = ${li.id} and status = 'ready_for_pickup'`);
    expect(ready.length).toBe(3);

    // 王叔's phone. Until a QR is put in front of it (window.__qr), it has the browser's own camera
    // access: allowed, but headless Chromium has no camera. Then its camera films her screen: a
    // canvas stream showing the QR, held a little crooked on grey.
    const lctx = await phoneContext(h);
    await lctx.grantPermissions(['camera']);
    await lctx.addInitScript(() => {
      const real = navigator.mediaDevices.getUserMedia.bind(navigator.mediaDevices);
      navigator.mediaDevices.getUserMedia = async (constraints) => {
        const src = (window as unknown as { __qr?: string }).__qr;
        if (!src) return real(constraints);
        const canvas = Object.assign(document.createElement('canvas'), { width: 640, height: 480 });
        const g = canvas.getContext('2d')!;
        const img = new Image();
        img.src = src;
        await img.decode();
        const draw = () => {
          g.fillStyle = '#8a8f96';
          g.fillRect(0, 0, 640, 480);
          g.save();
          g.translate(320, 240);
          g.rotate(0.08);
          g.fillStyle = '#fff';
          g.fillRect(-170, -170, 340, 340);
          g.drawImage(img, -150, -150, 300, 300);
          g.restore();
        };
        draw();
        setInterval(draw, 100);
        return canvas.captureStream(10);
      };
      const w = window as unknown as { __csp: string[] };
      w.__csp = [];
      document.addEventListener('securitypolicyviolation', (e) => w.__csp.push(e.violatedDirective));
    });
    const wasm: { url: string; type: string | undefined }[] = [];
    const leader = watch(await lctx.newPage(), '王叔');
    leader.on('response', (res) => { if (res.url().endsWith('.wasm')) wasm.push({ url: res.url(), type: res.headers()['content-type'] }); });
    await logInThroughPage(h, leader, LEADER, `/leader/${communityId}/pickup`);
    const input = leader.getByTestId('pickup-code-input');
    await input.waitFor();
    expect(await leader.evaluate(() => 'BarcodeDetector' in window)).toBe(false);
    expect(wasm).toEqual([]); // the desk does not load the reader until 扫码 is tapped

    // No camera: 扫码 says so, and the cursor is in the code box.
    await leader.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
    await leader.getByTestId('pickup-scan').click();
    const trouble = leader.getByTestId('scan-trouble');
    await trouble.waitFor();
    expect(await trouble.getAttribute('data-trouble')).toBe('noCamera');
    expect(await trouble.textContent()).toContain('这台设备上没有找到摄像头');
    expect(await trouble.textContent()).toContain('8 位取货码');
    await expect.poll(() => leader.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('pickup-code-input');
    await expect.poll(() => leader.getByTestId('scanner').count()).toBe(0); // the sheet slides away
    await shot(leader, 'scan-01-leader-no-camera', { fullPage: false });

    // 李阿姨 opens her 取货码: the QR exactly as her page draws it goes before 王叔's camera.
    const rctx = await phoneContext(h);
    const her = watch(await rctx.newPage(), '李阿姨');
    await logInThroughPage(h, her, LI, `/c/${communityId}/pickup`);
    const codeEl = her.getByTestId('pickup-code');
    await codeEl.waitFor();
    const code = (await codeEl.getAttribute('aria-label'))!;
    const qr = (await her.locator('img.r-pickup-qr').getAttribute('src'))!;
    expect(qr).toMatch(/^data:image\/png;base64,/);
    await leader.evaluate((src) => { (window as unknown as { __qr: string }).__qr = src; }, qr);

    await leader.getByTestId('pickup-scan').click();
    await leader.getByTestId('scanner-video').waitFor();
    const found = leader.getByTestId('pickup-found');
    await found.waitFor();
    expect(await leader.getByTestId('scan-trouble').count()).toBe(0);
    expect(await input.inputValue()).toBe(code);
    expect(await found.getByTestId('handover-name').textContent()).toBe('李阿姨');
    expect(await found.getByTestId('handover-line').count()).toBe(3);
    const text = await found.textContent();
    for (const name of ['丹东有机草莓', '林下散养土鸡蛋', '崇明牧场鲜牛奶']) expect(text).toContain(name);
    await expect.poll(() => leader.getByTestId('scanner').count()).toBe(0);
    // The reader came from our own /assets/, as WebAssembly, once (the first 扫码 fetched it).
    expect(wasm).toHaveLength(1);
    expect(wasm[0].url).toMatch(new RegExp(`^${h.baseUrl}/assets/zxing_reader-[\\w-]+\\.wasm$`));
    expect(wasm[0].type).toBe('application/wasm');
    expect(await leader.evaluate(() => (window as unknown as { __csp: string[] }).__csp)).toEqual([]);
    await shot(leader, 'scan-02-leader-scanned');

    // Allowing WebAssembly let no script in: an injected inline script and a string timer are refused.
    await leader.evaluate(() => {
      const s = document.createElement('script');
      s.textContent = 'window.__inline = true';
      document.head.appendChild(s);
      (setTimeout as unknown as (code: string, ms: number) => void)('window.__timer = true', 0);
    });
    await expect.poll(() => leader.evaluate(() => (window as unknown as { __csp: string[] }).__csp.length)).toBe(2);
    expect(await leader.evaluate(() => {
      const w = window as unknown as { __inline?: boolean; __timer?: boolean; __csp: string[] };
      return { inline: w.__inline ?? false, timer: w.__timer ?? false, refused: w.__csp };
    })).toEqual({ inline: false, timer: false, refused: ['script-src-elem', 'script-src'] });

    await found.getByTestId('pickup-confirm').click();
    await leader.getByTestId('pickup-success').waitFor();
    const after = await h.rows<{ status: string }>(sql`select distinct status from order_lines where id in (${sql.join(ready.map((l) => sql`${l.id}`), sql`, `)})`);
    expect(after).toEqual([{ status: 'picked_up' }]);
    await rctx.close();
    await lctx.close();
  });

  it('no page threw', () => {
    expect(pageErrors).toEqual([]);
  });
});
