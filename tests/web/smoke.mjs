// Open a case in headless Chromium and wait for the first interactive frame.
import { serve, launch, open, waitLine, check, shots } from './lib.mjs';
import fs from 'node:fs';
const srv = await serve();
const browser = await launch();
try {
  const t0 = Date.now();
  const page = await open(browser, srv.url + '?case=01_practice_field');
  const m = await waitLine(page, /^stipple: ready: (\S+) \((\d+) impressions\)/);
  console.log(`ready in ${Date.now() - t0} ms`);
  console.log(m[0]);
  fs.mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: shots + '/smoke.png' });
  console.log(page.lines.filter((l) => l.startsWith('stipple:')).join('\n'));
} finally {
  await browser.close();
  await srv.close();
}
