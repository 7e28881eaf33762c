// Pen and touch in the browser (docs/web.md "Pen and touch in the browser"): pen and touch
// events injected into headless Chromium through the DevTools protocol reach the game
// through the PointerEvent bridge (engine/input/stp_pointer_web.c), and the work read back
// through window.stipple.work() holds what was sent.
//
// Where a tap lands (docs/cli.md "The window"): the text size is the output height / 48
// (13 to 34), the status line 1.9 text sizes high (rounded), the panel on the right is the
// layout line's `panel`; the scalp view is the rest, at the top left. The practice field
// has no `view`, so it is framed on its zone plus 15 mm: the zone is rect x -20, y 120,
// 40 x 30 mm (scenarios/01_practice_field.lua), framed -35..35 x 105..165 mm, scaled to fit
// and centred. The canvas fills the page below the page's bar (its height is read from the page).
//
// Depth (docs/input.md "The pressure curve"): depth = 0.2 mm + 2.0 mm x p^gamma, gamma 1
// by default (a fresh browser has no profile). Chromium passes a force as a float32, so
// p is Math.fround(force); the work writes depth with %.3f.
import { withBrowser, freshPage, waitLine, check, shots } from './lib.mjs';
import fs from 'node:fs';

const W = 1280, H = 800;
// Where the canvas' top left is on the page (CSS pixels), set by mapping().
const OFF = { x: 0, y: 0 };

function rows(csv) {
  const lines = csv.split('\n').filter((l) => l.trim() !== '');
  if (lines.length === 0) return [];
  const head = lines[0].split(',');
  return lines.slice(1).map((l) => {
    const f = l.split(',');
    const r = {};
    head.forEach((h, i) => { r[h] = f[i]; });
    return r;
  });
}

// window.stipple.work(): the page's API (web/page/stipple-page.js), as an integration calls it.
async function readWork(page) {
  return page.evaluate(() => window.stipple.work());
}

// Poll the work until cond(rows) holds (or timeout); returns the rows.
async function workUntil(page, cond, what, timeoutMs = 5000) {
  const t0 = Date.now();
  for (;;) {
    const r = rows(await readWork(page));
    if (cond(r)) return r;
    if (Date.now() - t0 > timeoutMs) throw new Error(`FAILED: ${what}: the work has ${r.length} rows after ${timeoutMs} ms`);
    await new Promise((res) => setTimeout(res, 20));
  }
}
// After an action that must add nothing: let the game run some frames, then read the work.
async function settle(page, frames = 10) {
  await page.evaluate((n) => new Promise((res) => {
    const step = () => (n-- <= 0 ? res() : requestAnimationFrame(step));
    requestAnimationFrame(step);
  }), frames);
  return rows(await readWork(page));
}

await withBrowser(async (srv, browser) => {
  // The buttons' places from the game's own UI trace (docs/cli.md): the page sets no
  // STIPPLE_UI_TRACE, so the test adds it to the page's preRun (openTraced).
  const pg = await openTraced(browser, srv.url + '?case=01_practice_field');
  await run(pg);
  await pg.close();
  // A tablet has a GPU: WebGL's GLES2 renderer draws at the device's pixels (the page picks SDL's
  // software renderer only where WebGL is itself software, as here, and that one draws at CSS size).
  await hiDpi(browser, srv.url + '?case=01_practice_field&renderer=opengles2');
});

// Where a chart point is on the page (the header's derivation), from the layout line.
async function mapping(page) {
  const lay = await waitLine(page, /^stipple: layout (\d+)x(\d+) text ([\d.]+) panel ([\d.]+)/);
  const outW = +lay[1], outH = +lay[2], panel = +lay[4];
  const text = Math.min(34, Math.max(13, outH / 48));
  const statusH = Math.round(1.9 * text);
  const vw = outW - panel, vh = outH - statusH;
  const k = Math.min(vw / 70, vh / 60);                    // px per mm, framed 70 x 60 mm
  // The canvas sits under the page's bar (docs/web.md "The page"): CDP takes page CSS pixels.
  const rect = await page.evaluate(() => {
    const r = document.getElementById('canvas').getBoundingClientRect();
    return { x: r.left, y: r.top, w: r.width, h: r.height };
  });
  OFF.x = rect.x; OFF.y = rect.y;
  const cssPerPx = rect.w / outW;
  const at = (x, y) => ({ x: rect.x + (vw / 2 + x * k) * cssPerPx, y: rect.y + (vh / 2 + (y - 135) * k) * cssPerPx });
  return { outW, outH, vw, vh, k, cssPerPx, at, rect };
}

// A high-DPI screen (devicePixelRatio 2, as an iPad's): the canvas' backing store is twice
// its CSS size and the game draws in those pixels; a pen tap and a touch still land where
// they were made.
async function hiDpi(b, url) {
  const page = await openTraced(b, url, 2);
  await waitLine(page, /^stipple: ready: practice-field \(0 impressions\)/);
  const { outW, outH, k, at, rect } = await mapping(page);
  // A button is 9 mm on the display (docs/cli.md "Pointer targets"): a CSS inch is 96 CSS
  // pixels, 192 output pixels here, so 9 / 25.4 x 192 = 68.0 output pixels, not twice that.
  const lay = await waitLine(page, /^stipple: layout \S+ text \S+ panel \S+ target (\d+) \((\d+) dpi\)/);
  check(+lay[1] === Math.round(9 / 25.4 * 96 * 2), `at devicePixelRatio 2 a pointer target is ${lay[1]} output pixels (9 mm at ${lay[2]} dpi)`);
  check(outW === 2 * rect.w && outH === 2 * rect.h, `at devicePixelRatio 2 the game draws ${outW} x ${outH} output pixels, ${k.toFixed(1)} px/mm`);
  const cdp = await page.target().createCDPSession();
  const a = at(-10, 130), t = at(10, 140);
  await cdp.send('Input.dispatchMouseEvent', { type: 'mousePressed', x: a.x, y: a.y, pointerType: 'pen', button: 'left', buttons: 1, clickCount: 1, force: 0.45 });
  await cdp.send('Input.dispatchMouseEvent', { type: 'mouseReleased', x: a.x, y: a.y, pointerType: 'pen', button: 'left', buttons: 0, clickCount: 1, force: 0 });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [{ x: t.x, y: t.y, id: 1, force: 0.3 }] });
  await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  const work = await workUntil(page, (r) => r.length >= 2, 'a pen tap and a touch at devicePixelRatio 2');
  const tol = 0.6 / k * 2 + 0.006;   // a CSS pixel is 2 output pixels
  const ok = (r, x, y) => Math.abs(+r.x_mm - x) <= tol && Math.abs(+r.y_mm - y) <= tol;
  check(work.length === 2 && ok(work[0], -10, 130) && ok(work[1], 10, 140) &&
        work[0].depth_mm === (0.2 + 2.0 * Math.fround(0.45)).toFixed(3) && work[1].depth_mm === '1.000',   // a touch: the tool's depth
        `  the pen's dot at (${work[0].x_mm}, ${work[0].y_mm}) depth ${work[0].depth_mm}, the touch's at (${work[1].x_mm}, ${work[1].y_mm}) depth ${work[1].depth_mm}`);
  await page.close();
}

async function openTraced(b, url, scale = 1) {
  // open() of lib.mjs, with the UI trace added before the page's scripts run.
  const page = await freshPage(b);
  page.lines = [];
  page.on('console', (m) => {
    page.lines.push(m.text());
    if (process.env.STIPPLE_WEB_VERBOSE) console.log('  page: ' + m.text());
  });
  page.on('pageerror', (e) => { page.lines.push('pageerror: ' + e.message); console.log('  page error: ' + e.message); });
  await page.evaluateOnNewDocument(() => {
    let m;
    Object.defineProperty(window, 'Module', {
      configurable: true,
      get() { return m; },
      set(v) {
        if (v && !v.__traced && Array.isArray(v.preRun)) {
          v.__traced = true;
          v.preRun.push(() => { ENV.STIPPLE_UI_TRACE = '1'; });   // eslint-disable-line no-undef
        }
        m = v;
      },
    });
  });
  await page.setViewport({ width: W, height: H, deviceScaleFactor: scale, hasTouch: true, isMobile: false });
  await page.goto(url);
  return page;
}

async function run(page) {
  await waitLine(page, /^stipple: ready: practice-field \(0 impressions\)/);
  check(page.lines.some((l) => l.startsWith('stipple: pointer: ')), 'the pointer bridge is attached (stipple: pointer: ...)');
  const { outW, outH, vw, vh, k, cssPerPx, at, rect } = await mapping(page);
  console.log(`view ${vw} x ${vh} px, ${k.toFixed(3)} px/mm`);
  check(rect.w === W && rect.y + rect.h === H && outW === W && outH === rect.h,
        `the canvas fills the page below its bar (${rect.w} x ${rect.h} at y ${rect.y}) and the game draws at its size`);

  const cdp = await page.target().createCDPSession();
  const mouse = (p) => cdp.send('Input.dispatchMouseEvent', p);
  // One pen tap: hover in, press with force, release. Not awaited one by one when burst.
  function penTap(x, y, force, tiltX = 0, tiltY = 0, twist = 0) {
    const s = at(x, y);
    const common = { x: s.x, y: s.y, pointerType: 'pen', tiltX, tiltY, twist };
    return [
      mouse({ type: 'mouseMoved', ...common, button: 'none', buttons: 0, force: 0 }),
      mouse({ type: 'mousePressed', ...common, button: 'left', buttons: 1, clickCount: 1, force }),
      mouse({ type: 'mouseReleased', ...common, button: 'left', buttons: 0, clickCount: 1, force: 0 }),
    ];
  }
  const near = (a, b, tol) => Math.abs(a - b) <= tol;
  const tolMm = 0.6 / k + 0.006;   // a CSS pixel rounds to the nearest; %.2f

  // 1. Pen taps at several pressures and tilts: one impression each, where tapped, at
  //    depth 0.2 + 2.0 * p (gamma 1), p the float32 of the force.
  const taps = [
    { x: -15, y: 125, force: 0.2, tiltX: 0, tiltY: 0 },
    { x: -5, y: 125, force: 0.45, tiltX: 30, tiltY: -10 },
    { x: 5, y: 125, force: 0.7, tiltX: -45, tiltY: 20, twist: 90 },
    { x: 15, y: 125, force: 0.95, tiltX: 10, tiltY: 60 },
  ];
  check(!page.lines.some((l) => l.startsWith('stipple: keys ')), 'before any touch the buttons show their key letters');
  let work = [];
  for (const t of taps) {
    await Promise.all(penTap(t.x, t.y, t.force, t.tiltX, t.tiltY, t.twist || 0));
    const n = work.length + 1;
    work = await workUntil(page, (r) => r.length >= n, `a pen tap at force ${t.force}`);
    const extra = await settle(page, 5);
    check(extra.length === n, `pen tap at force ${t.force}, tilt (${t.tiltX}, ${t.tiltY}): exactly one impression (${extra.length} rows)`);
    const r = extra[n - 1];
    const p = Math.fround(t.force);
    const want = 0.2 + 2.0 * Math.pow(p, 1.0);
    check(r.depth_mm === want.toFixed(3), `  depth ${r.depth_mm} mm = 0.2 + 2.0 x ${t.force} = ${want.toFixed(3)}`);
    check(near(+r.x_mm, t.x, tolMm) && near(+r.y_mm, t.y, tolMm), `  at (${r.x_mm}, ${r.y_mm}) mm, tapped at (${t.x}, ${t.y})`);
    work = extra;
  }
  const depths = work.map((r) => +r.depth_mm);
  check(depths.every((d, i) => i === 0 || d > depths[i - 1]), `depth follows pressure: ${depths.join(' < ')}`);
  // A tablet has no keyboard: after the first pen tap the buttons' key letters (N, I, Z ...)
  // are not drawn; the first key pressed brings them back.
  check(page.lines.filter((l) => l.startsWith('stipple: keys ')).join('|') === 'stipple: keys hidden',
        'after the first pen tap the buttons\' key letters are hidden (stipple: keys hidden, once)');
  await page.keyboard.press('Shift');
  await waitLine(page, /^stipple: keys shown$/);
  check(true, 'a key pressed brings them back (stipple: keys shown)');

  // 2. A fast burst: 30 pen taps dispatched with no wait between them.
  const before = work.length;
  const burst = [];
  for (let i = 0; i < 30; i++) burst.push(...penTap(-18 + (i % 10) * 4, 131 + Math.floor(i / 10) * 4, 0.3 + 0.02 * i));
  const t0 = Date.now();
  await Promise.all(burst);
  work = await workUntil(page, (r) => r.length >= before + 30, 'a burst of 30 pen taps');
  work = await settle(page, 5);
  check(work.length === before + 30, `a burst of 30 pen taps (${burst.length} events in ${Date.now() - t0} ms): 30 impressions (${work.length - before})`);

  // 2b. A stroke's moves dispatched with no wait, its peak pressure in the middle: the
  //     browser may coalesce them into fewer pointermoves; the bridge keeps every sample
  //     (getCoalescedEvents), so the peak 0.9 sets the depth, 0.2 + 2.0 x 0.9.
  {
    const n = work.length;
    const a = at(-16, 147);
    await page.evaluate(() => {
      window.__moves = { events: 0, samples: 0 };
      document.getElementById('canvas').addEventListener('pointermove', (e) => {
        window.__moves.events++;
        window.__moves.samples += e.getCoalescedEvents ? Math.max(1, e.getCoalescedEvents().length) : 1;
      });
    });
    const evs = [mouse({ type: 'mousePressed', x: a.x, y: a.y, pointerType: 'pen', button: 'left', buttons: 1, clickCount: 1, force: 0.3 })];
    const fs_ = [0.3, 0.35, 0.4, 0.9, 0.4, 0.35, 0.3, 0.3, 0.3, 0.3];
    fs_.forEach((f, i) => evs.push(mouse({ type: 'mouseMoved', x: a.x + 0.3 * (i + 1), y: a.y, pointerType: 'pen', button: 'left', buttons: 1, force: f })));
    evs.push(mouse({ type: 'mouseReleased', x: a.x + 3, y: a.y, pointerType: 'pen', button: 'left', buttons: 0, clickCount: 1, force: 0 }));
    await Promise.all(evs);
    work = await workUntil(page, (r) => r.length >= n + 1, 'a stroke with its peak in the middle');
    const mv = await page.evaluate(() => window.__moves);
    console.log(`  (the 10 moves came as ${mv.events} pointermove events holding ${mv.samples} coalesced samples)`);
    work = await settle(page, 5);
    const r = work[work.length - 1];
    check(work.length === n + 1 && r.depth_mm === (0.2 + 2.0 * Math.fround(0.9)).toFixed(3),
          `a fast stroke keeps its middle peak: one impression, depth ${r.depth_mm} = 0.2 + 2.0 x 0.9`);
  }

  // 3. A touch with force: one impression at the tool's depth, whatever its force (docs/input.md:
  //    a finger places at the Pressure stepper's, as the mouse does). The tool starts at the
  //    zone's depth, 1.0 mm in the practice field (scenarios/01_practice_field.lua), and one
  //    tap on Pressure - takes 0.05 off its pressure: 0.2 + 2.0 x (0.4 - 0.05) = 0.9 mm.
  const touch = (type, points) => cdp.send('Input.dispatchTouchEvent', { type, touchPoints: points });
  const tp = (x, y, id, force) => { const s = at(x, y); return { x: s.x, y: s.y, id, force, radiusX: 4, radiusY: 4 }; };
  let n0 = work.length;
  await touch('touchStart', [tp(0, 145, 1, 0.6)]);
  await touch('touchEnd', []);
  work = await workUntil(page, (r) => r.length >= n0 + 1, 'a touch with force');
  work = await settle(page, 5);
  check(work.length === n0 + 1, `a touch with force 0.6: one impression (${work.length - n0})`);
  const tr = work[work.length - 1];
  check(tr.depth_mm === '1.000' && near(+tr.x_mm, 0, tolMm) && near(+tr.y_mm, 145, tolMm),
        `  at the tool's depth 1.000 mm, not its force's: depth ${tr.depth_mm} mm at (${tr.x_mm}, ${tr.y_mm})`);
  const minus = buttonRect(page, /^stipple: ui Pressure - /);
  check(minus !== null, `the UI trace names Pressure - at ${minus && minus.join(' ')}`);
  await touch('touchStart', [{ x: OFF.x + (minus[0] + minus[2] / 2) * cssPerPx, y: OFF.y + (minus[1] + minus[3] / 2) * cssPerPx, id: 3, force: 0.6 }]);
  await touch('touchEnd', []);
  await settle(page, 3);
  n0 = work.length;
  await touch('touchStart', [tp(5, 145, 4, 0.95)]);
  await touch('touchEnd', []);
  work = await workUntil(page, (r) => r.length >= n0 + 1, 'a touch after Pressure -');
  check(work[work.length - 1].depth_mm === (0.2 + 2.0 * (0.4 - 0.05)).toFixed(3),
        `  after a finger's tap on Pressure -, a touch (force 0.95) places at ${work[work.length - 1].depth_mm} mm`);


  // 3b. A touch the system takes back (touchcancel: pointercancel, as iPadOS sends when its own
  //     palm rejection drops a contact) leaves no dot.
  n0 = work.length;
  await touch('touchStart', [tp(-5, 150, 6, 0.5)]);
  await touch('touchCancel', []);
  work = await settle(page, 8);
  check(work.length === n0, `a cancelled touch on the scalp leaves no dot (${work.length - n0})`);

  // 4. A palm resting on the scalp while the pen makes a stroke: only the pen's dot. The
  //    palm lands first (the pen wins), and a second palm lands while the pen is down.
  n0 = work.length;
  const palm1 = tp(10, 148, 5, 0.8), palm2 = tp(-10, 148, 6, 0.8);
  await touch('touchStart', [palm1]);
  const s = at(-12, 140), e = at(-8, 140);
  await mouse({ type: 'mouseMoved', x: s.x, y: s.y, pointerType: 'pen', button: 'none', buttons: 0, force: 0 });
  await mouse({ type: 'mousePressed', x: s.x, y: s.y, pointerType: 'pen', button: 'left', buttons: 1, clickCount: 1, force: 0.5 });
  await touch('touchStart', [palm1, palm2]);
  for (let i = 1; i <= 8; i++) {
    const x = s.x + (e.x - s.x) * i / 8;
    await mouse({ type: 'mouseMoved', x, y: s.y, pointerType: 'pen', button: 'left', buttons: 1, force: 0.5 + 0.02 * i });
    await touch('touchMove', [{ ...palm1, x: palm1.x + i }, { ...palm2, x: palm2.x - i }]);
  }
  await mouse({ type: 'mouseReleased', x: e.x, y: e.y, pointerType: 'pen', button: 'left', buttons: 0, clickCount: 1, force: 0 });
  await touch('touchEnd', []);
  work = await workUntil(page, (r) => r.length >= n0 + 1, 'the pen stroke beside a palm');
  work = await settle(page, 5);
  check(work.length === n0 + 1, `a pen stroke while palms rest: only the pen's impression (${work.length - n0})`);
  const pr = work[work.length - 1];
  check(near(+pr.x_mm, -12, tolMm) && near(+pr.y_mm, 140, tolMm) && near(+pr.angle_deg, 0, 0.5) &&
        pr.depth_mm === (0.2 + 2.0 * Math.fround(0.66)).toFixed(3),
        `  at its first point (${pr.x_mm}, ${pr.y_mm}), grain ${pr.angle_deg} along the stroke, depth ${pr.depth_mm} (the peak 0.66)`);

  // 5. Two fingers pinch: the view zooms, and no impression. Seen by where the same pen
  //    tap lands: before, (0, 150) mm; after zooming in about the view's centre, nearer it.
  const probe = at(0, 150);
  n0 = work.length;
  const c = at(0, 135);
  await touch('touchStart', [{ x: c.x - 40, y: c.y, id: 11, force: 0.5 }, { x: c.x + 40, y: c.y, id: 12, force: 0.5 }]);
  for (let i = 1; i <= 10; i++)
    await touch('touchMove', [{ x: c.x - 40 - 8 * i, y: c.y, id: 11, force: 0.5 }, { x: c.x + 40 + 8 * i, y: c.y, id: 12, force: 0.5 }]);
  await touch('touchEnd', []);
  let after = await settle(page, 10);
  check(after.length === n0, `a two-finger pinch places nothing (${after.length - n0} impressions)`);
  await Promise.all(penTap(0, 150, 0.5));   // the same screen point as before the pinch
  after = await workUntil(page, (r) => r.length >= n0 + 1, 'a pen tap after the pinch');
  const zr = after[after.length - 1];
  // Spread 80 -> 240 px: zoom x3 about the midpoint (0, 135) mm, so the probe 15 mm below
  // the centre now shows 15 / 3 = 5 mm below it.
  check(near(+zr.x_mm, 0, 0.1) && near(+zr.y_mm, 135 + 15 / 3, 0.15),
        `the pinch zoomed x3 about its centre: the tap at the same point (${probe.x.toFixed(0)}, ${probe.y.toFixed(0)}) lands at (${zr.x_mm}, ${zr.y_mm}) mm, not (0, 150)`);
  work = after;
  // A pen tap on Fit frames the case again: the same tap lands at (0, 150) mm again.
  const fit = buttonRect(page, /^stipple: ui Fit /);
  check(fit !== null, `the UI trace names Fit at ${fit && fit.join(' ')}`);
  await Promise.all(penTapPx(mouse, fit, cssPerPx));
  n0 = work.length;
  await settle(page, 5);
  await Promise.all(penTap(0, 150, 0.5));
  work = await workUntil(page, (r) => r.length >= n0 + 1, 'a pen tap after Fit');
  const fr = work[work.length - 1];
  check(work.length === n0 + 1 && near(+fr.x_mm, 0, tolMm) && near(+fr.y_mm, 150, tolMm),
        `a pen tap on Fit frames the case again: the same tap lands at (${fr.x_mm}, ${fr.y_mm}) mm`);

  // 6. A pen tap on the panel's Undo: it acts (the work loses one), and places nothing.
  const undo = buttonRect(page, /^stipple: ui Undo /);
  check(undo !== null, `the UI trace names Undo at ${undo && undo.join(' ')}`);
  n0 = work.length;
  await Promise.all(penTapPx(mouse, undo, cssPerPx));
  work = await workUntil(page, (r) => r.length === n0 - 1, 'a pen tap on Undo');
  check(work.length === n0 - 1, `a pen tap on Undo undoes one impression (${n0} -> ${work.length})`);
  // And a finger's tap on it too.
  n0 = work.length;
  const u = { x: OFF.x + (undo[0] + undo[2] / 2) * cssPerPx, y: OFF.y + (undo[1] + undo[3] / 2) * cssPerPx };
  await touch('touchStart', [{ x: u.x, y: u.y, id: 21, force: 0.5 }]);
  await touch('touchEnd', []);
  work = await workUntil(page, (r) => r.length === n0 - 1, 'a finger tap on Undo');
  check(work.length === n0 - 1, `a finger tap on Undo undoes one too (${n0} -> ${work.length})`);

  fs.mkdirSync(shots, { recursive: true });
  await settle(page, 5);
  await page.screenshot({ path: shots + '/pen.png' });
  console.log(`screenshot: ${shots}/pen.png (${work.length} impressions)`);

  // 7. A question answered with the pen: the palette's Restart asks "Restart this case?" over
  // the scalp (its buttons answer the press itself, not the frame's hits), a pen tap on
  // its Back keeps the work, and one on its Restart empties the case.
  const askRestart = async () => {
    const before = page.lines.length;
    const rs = buttonRect(page, /^stipple: ui Restart /);
    check(rs !== null, `the UI trace names the palette's Restart at ${rs && rs.join(' ')}`);
    await Promise.all(penTapPx(mouse, rs, cssPerPx));
    // The question's own buttons, traced when it is drawn: the last Restart and Back.
    const t0 = Date.now();
    while (!page.lines.slice(before).some((l) => /^stipple: ui Back /.test(l))) {
      if (Date.now() - t0 > 5000) throw new Error('FAILED: the pen tap on Restart did not ask');
      await new Promise((res) => setTimeout(res, 20));
    }
    await settle(page, 2);
  };
  n0 = work.length;
  await askRestart();
  await Promise.all(penTapPx(mouse, buttonRect(page, /^stipple: ui Back /), cssPerPx));
  await settle(page, 5);
  await Promise.all(penTap(0, 150, 0.5));   // the question is gone: a tap on the scalp places again
  work = await workUntil(page, (r) => r.length === n0 + 1, 'a pen tap after answering Back');
  check(work.length === n0 + 1, `a pen tap on the question's Back keeps the work and the scalp takes the next tap (${n0} -> ${work.length})`);
  await askRestart();
  await Promise.all(penTapPx(mouse, buttonRect(page, /^stipple: ui Restart /), cssPerPx));
  await waitLine(page, /^stipple: restarted /, 5000);
  work = await workUntil(page, (r) => r.length === 0, 'a pen tap on the question\'s Restart');
  check(work.length === 0, `a pen tap on the question's Restart starts the case afresh (${n0 + 1} -> 0 impressions)`);

  // 8. A work file that does not load (corrupt in the browser's storage): the error screen
  //    offers to keep it aside and start afresh, which a tablet's trainee can do with the pen
  //    (no file to fix by hand). The tutorial's work is made garbage, then the tutorial opened.
  await page.evaluate(() => FS.writeFile('/home/web_user/.local/share/stipple/works/tutorial.csv', 'not,a\nwork\n'));
  const mark = page.lines.length;
  check(await page.evaluate(() => window.stipple.open('00_tutorial')) === false, 'a case whose work does not load does not open');
  const since = Date.now();
  while (!page.lines.slice(mark).some((l) => /^stipple: ui Keep it aside, start afresh /.test(l))) {
    if (Date.now() - since > 5000) throw new Error('FAILED: the error screen offers no "Keep it aside, start afresh"');
    await new Promise((res) => setTimeout(res, 20));
  }
  await Promise.all(penTapPx(mouse, buttonRect(page, /^stipple: ui Keep it aside, start afresh /), cssPerPx));
  const kept = await waitLine(page, /^stipple: the work that did not load is kept as (\S+)/, 5000);
  const aside = await page.evaluate((f) => FS.readFile(f, { encoding: 'utf8' }), kept[1]);
  check(aside === 'not,a\nwork\n', `a pen tap on it keeps the bad work aside, byte for byte (${kept[1].replace(/.*\//, '')})`);
  check(await page.evaluate(() => window.stipple.caseId()) === 'tutorial' && (await readWork(page)).split('\n').filter((l) => l).length === 1,
        '  and the tutorial opens afresh (a header, no impressions)');
}

// The last traced rectangle of a button: [x, y, w, h] in output pixels, or null.
function buttonRect(page, re) {
  let r = null;
  for (const l of page.lines) {
    if (!re.test(l)) continue;
    const f = l.trim().split(' ');
    r = f.slice(-4).map(Number);
  }
  return r;
}

function penTapPx(mouse, rc, cssPerPx) {
  const x = OFF.x + (rc[0] + rc[2] / 2) * cssPerPx, y = OFF.y + (rc[1] + rc[3] / 2) * cssPerPx;
  const common = { x, y, pointerType: 'pen' };
  return [
    mouse({ type: 'mousePressed', ...common, button: 'left', buttons: 1, clickCount: 1, force: 0.5 }),
    mouse({ type: 'mouseReleased', ...common, button: 'left', buttons: 0, clickCount: 1, force: 0 }),
  ];
}
