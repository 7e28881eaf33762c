// The browser bench (docs/performance.md, "The browser build"): not a test (tests/web/run.sh
// skips it). Run by hand after scripts/web.sh --build:
//   cd tests/web && node bench.mjs [--case ID] [--impressions N] [--seconds S] [--runs R] [--trace FILE]
//                                  [--renderer software|opengles2] [--keys KEYS]
// (--keys: keys pressed once at the head view before measuring, e.g. k: the marks off)
// 1. Time to the first interactive frame: the empty practice field, R loads; from navigation
//    (performance.timeOrigin) to the page's `stipple: ready` line (timed in the page).
// 2. A work of N impressions (default 100,000: stipple bench's jittered grid over the top of
//    the head, 300 x 300 mm, random angle, depth 0.6-1.4 mm; generated here with a seeded
//    generator) opened in case ID (default 05_full_norwood7) through ?work=; ready timed as in
//    1; zoomed out with the '-' key to the whole head (~1.5 px/mm: the bench's head view);
//    the layer left to fill in; then a right-drag pan back and forth for S seconds (one mouse
//    move per animation frame), so that every frame redraws. Reported: the intervals between
//    animation frames (what the trainee sees; 16.7 ms is 60 Hz), and the time the game's own
//    frame callback takes on the main thread (its C, JS and WebGL calls), median, p95 and max.
// A screenshot of the head view goes to build-web/shots/bench.png.
import { serve, launch, shots, site, root } from './lib.mjs';
import fs from 'node:fs';
import path from 'node:path';

const opt = { case: '05_full_norwood7', impressions: 100000, seconds: 4, runs: 3, trace: '', renderer: '', keys: '' };
for (let i = 2; i < process.argv.length; i += 2) {
  const k = process.argv[i].replace(/^--/, ''), v = process.argv[i + 1];
  if (!(k in opt) || v === undefined) { console.error('usage: node bench.mjs [--case ID] [--impressions N] [--seconds S] [--runs R] [--trace FILE] [--renderer NAME] [--keys KEYS]'); process.exit(2); }
  opt[k] = typeof opt[k] === 'number' ? Number(v) : v;
}

// The work: the same layout as stipple bench's (engine/app/stp_bench.c, stp_bench_work),
// with a small seeded generator of its own (mulberry32), in the columns of docs/work-format.md.
function benchWork(n, seed = 7) {
  let s = seed >>> 0;
  const unit = () => { s = (s + 0x6D2B79F5) >>> 0; let t = s; t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61); return ((t ^ (t >>> 14)) >>> 0) / 4294967296; };
  const step = Math.sqrt(300 * 300 / n), cols = Math.ceil(300 / step);
  const rows = ['x_mm,y_mm,angle_deg,depth_mm,needle_mm,ink,session,t_ms'];
  for (let i = 0; i < n; i++) {
    const x = -150 + step * ((i % cols) + unit()), y = 60 + step * (Math.floor(i / cols) + unit());
    const a = 360 * unit(), d = 0.6 + 0.8 * unit();
    rows.push(`${x.toFixed(2)},${y.toFixed(2)},${a.toFixed(2)},${d.toFixed(3)},0.250,0.500,1,${i * 250}`);
  }
  return rows.join('\n') + '\n';
}

const stats = (v) => {
  const s = [...v].sort((a, b) => a - b), q = (p) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { n: s.length, median: q(0.5), p95: q(0.95), max: s[s.length - 1] };
};
const fmt = (x) => `median ${x.median.toFixed(1)} / p95 ${x.p95.toFixed(1)} / max ${x.max.toFixed(1)} ms (${x.n})`;

// Before the page's scripts: the moment of `stipple: ready` (ms since navigation), and the
// time of each animation-frame callback the page asks for (the game's main loop).
const probe = () => {
  window.__bench = { ready: null, cb: [], frames: [], on: false };
  const log = console.log.bind(console);
  console.log = (...a) => {
    if (window.__bench.ready === null && typeof a[0] === 'string' && a[0].startsWith('stipple: ready')) window.__bench.ready = performance.now();
    log(...a);
  };
  const raf = window.requestAnimationFrame.bind(window);
  window.__bench.raf = raf;
  window.requestAnimationFrame = (f) => raf((t) => {
    const a = performance.now(); f(t);
    if (window.__bench.on) window.__bench.cb.push(performance.now() - a);
  });
};

async function load(browser, url) {
  const page = await browser.newPage();
  page.lines = [];
  page.on('console', (m) => page.lines.push(m.text()));
  page.on('pageerror', (e) => page.lines.push('pageerror: ' + e.message));
  await page.setViewport({ width: 1280, height: 800, deviceScaleFactor: 1 });
  await page.evaluateOnNewDocument(probe);
  await page.goto(url);
  await page.waitForFunction(() => window.__bench.ready !== null, { timeout: 60000, polling: 20 });
  return page;
}

// The site as built, and the work beside it: build-web/bench-site holds links to the site's
// files and the work's CSV (no request interception, which would slow every request).
const benchSite = path.join(root, 'build-web/bench-site');
fs.rmSync(benchSite, { recursive: true, force: true });
fs.mkdirSync(benchSite, { recursive: true });
for (const f of fs.readdirSync(site)) fs.symlinkSync(path.join(site, f), path.join(benchSite, f));
const srv = await serve(benchSite);
const browser = await launch();
try {
  console.log(`bench: ${new Date().toISOString()}; ${process.env.LOAD || ''}`);
  // 1. Ready, the empty practice field.
  const rq = opt.renderer ? '&renderer=' + opt.renderer : '';
  const readies = [];
  for (let r = 0; r < opt.runs; r++) {
    const page = await load(browser, srv.url + '?case=01_practice_field' + rq);
    readies.push(await page.evaluate(() => window.__bench.ready));
    await page.close();
  }
  console.log(`ready, empty practice field: ${readies.map((x) => x.toFixed(0)).join(', ')} ms after navigation`);

  // 2. The big work.
  const t0 = Date.now();
  const work = benchWork(opt.impressions);
  fs.writeFileSync(path.join(benchSite, 'bench-work.csv'), work);
  console.log(`work: ${opt.impressions} impressions, ${(work.length / 1e6).toFixed(1)} MB of CSV (made in ${Date.now() - t0} ms)`);
  const page = await load(browser, srv.url + `?case=${opt.case}&work=bench-work.csv` + rq);
  const ready = await page.evaluate(() => window.__bench.ready);
  const line = page.lines.find((l) => l.startsWith('stipple: ready'));
  console.log(`ready, ${opt.case} with the work: ${ready.toFixed(0)} ms after navigation (${line})`);
  if (!line || !line.includes(`(${opt.impressions} impressions)`)) throw new Error('the work did not load: ' + page.lines.slice(-5).join(' | '));
  await page.focus('#canvas');
  for (let i = 0; i < 3; i++) { await page.keyboard.press('Minus'); await new Promise((r) => setTimeout(r, 100)); }
  for (const c of opt.keys) await page.keyboard.press(c === '-' ? 'Minus' : c);
  // The persistent layer fills in over frames (every level, within a budget a frame): wait
  // until the game idles (its frame callbacks under 3 ms for 30 frames in a row), at most 120 s.
  const fill = await page.evaluate(() => new Promise((resolve) => {
    const b = window.__bench, t0 = performance.now();
    b.cb = []; b.on = true;
    const poll = () => {
      const last = b.cb.slice(-30);
      if ((last.length === 30 && last.every((x) => x < 3)) || performance.now() - t0 > 120000) {
        b.on = false; resolve({ ms: performance.now() - t0, idle: last.length === 30 && last.every((x) => x < 3) });
      } else setTimeout(poll, 50);
    };
    poll();
  }));
  console.log(`the layer filled in ${(fill.ms / 1000).toFixed(1)} s${fill.idle ? '' : ' (NOT idle after 120 s)'}`);
  fs.mkdirSync(shots, { recursive: true });
  await page.screenshot({ path: shots + '/bench.png' });

  if (opt.trace) await page.tracing.start({ path: opt.trace, categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8.execute', 'gpu'] });
  // A right-drag pan: 40 px each way, one move an animation frame.
  const cx = 450, cy = 400;
  await page.mouse.move(cx, cy);
  await page.mouse.down({ button: 'right' });
  // One move an animation frame, sent in the page (a MouseEvent on the canvas, as SDL's
  // emscripten handlers read it), so that every frame has one to draw.
  const got = await page.evaluate((cx, cy, ms) => new Promise((resolve) => {
    const b = window.__bench, canvas = document.getElementById('canvas');
    b.on = true; b.cb = []; b.frames = [];
    let k = 0;
    const t0 = performance.now();
    const tick = (t) => {
      b.frames.push(t);
      if (performance.now() - t0 > ms) { b.on = false; resolve({ cb: b.cb, frames: b.frames, moves: k }); return; }
      const x = cx + 40 * Math.sin(k++ / 20);
      canvas.dispatchEvent(new MouseEvent('mousemove', { clientX: x, clientY: cy, buttons: 2, bubbles: true }));
      b.raf(tick);
    };
    b.raf(tick);
  }), cx, cy, opt.seconds * 1000);
  await page.mouse.up({ button: 'right' });
  if (opt.trace) { await page.tracing.stop(); console.log('trace: ' + opt.trace); }
  const iv = got.frames.slice(1).map((t, i) => t - got.frames[i]);
  console.log(`pan at the whole head, ${opt.seconds} s, ${got.moves} moves:`);
  console.log(`  frame intervals:    ${fmt(stats(iv))}; over 17 ms: ${iv.filter((x) => x > 17).length}`);
  console.log(`  the game's frames:  ${fmt(stats(got.cb))}`);
  const drew = got.cb.filter((x) => x > 1);
  if (drew.length) console.log(`  of which drew (over 1 ms): ${fmt(stats(drew))}`);
  const layout = page.lines.find((l) => l.startsWith('stipple: layout'));
  if (layout) console.log('  ' + layout);
} finally {
  await browser.close();
  await srv.close();
}
