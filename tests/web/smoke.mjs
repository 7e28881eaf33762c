// Open a case in headless Chromium and wait for the first interactive frame; then the same at
// devicePixelRatio 2 with each renderer the page may pick: the game's frame must fill the
// canvas (the software renderer once filled only its top left quarter on a high-DPI canvas).
import { withBrowser, open, waitLine, check, shots } from './lib.mjs';
import fs from 'node:fs';
await withBrowser(async (srv, browser) => {
  const t0 = Date.now();
  const page = await open(browser, srv.url + '?case=01_practice_field');
  const m = await waitLine(page, /^stipple: ready: (\S+) \((\d+) impressions\)/);
  console.log(`ready in ${Date.now() - t0} ms`);
  check(m[1] === 'practice-field', `?case=01_practice_field opened the practice field (${m[1]})`);
  check(!page.lines.some((l) => l.startsWith('pageerror')), 'no error on the page');
  fs.mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: shots + '/smoke.png' });
  await page.close();
  for (const renderer of ['software', 'opengles2']) {
    const p = await open(browser, srv.url + '?case=01_practice_field&renderer=' + renderer, { scale: 2 });
    const lay = await waitLine(p, /^stipple: layout (\d+)x(\d+) .* target (\d+) .* renderer (\S+)/);
    const [cw, ch] = await p.evaluate(() => { const c = document.getElementById('canvas'); return [c.width, c.height]; });
    check(+lay[1] === cw && +lay[2] === ch && lay[4] === renderer,
          `devicePixelRatio 2, ${renderer}: the game draws ${lay[1]}x${lay[2]}, the canvas is ${cw}x${ch}`);
    // 9 mm: a CSS inch is 96 CSS pixels, cw / 1280 output pixels each.
    const want = Math.round(9 / 25.4 * 96 * (cw / 1280));
    check(+lay[3] === want, `  a pointer target is ${lay[3]} output pixels (9 mm: ${want})`);
    await p.screenshot({ path: `${shots}/smoke-dpr2-${renderer}.png` });
    await p.close();
  }
});
