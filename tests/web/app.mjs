// The tablet web app (docs/web.md, issue 11): the work survives a reload (IndexedDB),
// window.stipple.open switches case, Download gives the CSV, Import replaces the work or
// refuses a bad file keeping it, the page reaches ready offline (service worker), and
// screenshots at an iPad's landscape and portrait sizes, in play and on the result screen.
// Exits non-zero on the first failure. Needs build-web/site (scripts/web.sh --build).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { serve, launch, open, waitLine, check, shots, root } from './lib.mjs';
// The pages a trainee's tablet would show: it has a GPU, so WebGL's GLES2 renderer at the
// device's pixels (the page picks SDL's software renderer only where WebGL is itself software,
// as in headless Chromium, and that one draws at CSS size).
const GPU = '?renderer=opengles2';

const DATA = '/home/web_user/.local/share/stipple';
const WORK_KEY = DATA + '/works/practice-field.csv';   // the default profile's autosave of the case

// Poll fn (async, in node) until it returns a truthy value; no fixed sleeps.
async function until(what, fn, timeoutMs = 10000, everyMs = 25) {
  const t0 = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - t0 > timeoutMs) throw new Error('FAILED: timed out waiting for ' + what);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

const rows = (csv) => csv.split('\n').filter((l) => l.trim().length).length - 1;

// The work file as IndexedDB holds it (what a reload reads back): its text, or null.
function storedWork(page, key = WORK_KEY) {
  return page.evaluate((dbName, key) => new Promise((resolve) => {
    const req = indexedDB.open(dbName);
    req.onerror = () => resolve(null);
    req.onsuccess = () => {
      const db = req.result;
      if (!db.objectStoreNames.contains('FILE_DATA')) { db.close(); resolve(null); return; }
      const get = db.transaction(['FILE_DATA'], 'readonly').objectStore('FILE_DATA').get(key);
      get.onsuccess = () => { db.close(); resolve(get.result && get.result.contents ? new TextDecoder().decode(get.result.contents) : null); };
      get.onerror = () => { db.close(); resolve(null); };
    };
  }), DATA, key);
}

// Wait for the page's own `stipple: ready` after a (re)load, from a fresh list of lines.
async function reloadReady(page, how = () => page.reload()) {
  page.lines.length = 0;
  const t0 = Date.now();
  await how();
  await waitLine(page, /^stipple: ready$/);
  await page.evaluate(() => window.stipple.ready);
  return Date.now() - t0;
}

// The scalp's centre in CSS pixels: the canvas's box minus the panel (right) and the status
// line (bottom), from the game's layout line.
async function scalpCentre(page) {
  const m = page.lines.map((l) => l.match(/^stipple: layout (\d+)x(\d+) text ([\d.]+) panel ([\d.]+)/)).find(Boolean);
  const box = await page.evaluate(() => { const r = document.getElementById('canvas').getBoundingClientRect();
    return { x: r.left, y: r.top, w: r.width, h: r.height, dpr: devicePixelRatio }; });
  const panel = m ? Number(m[4]) / box.dpr : 384 / box.dpr;
  return { x: box.x + (box.w - panel) / 2, y: box.y + box.h * 0.45 };
}

// The bar (issue: 26 px buttons): its buttons at least 34 CSS px high (9 mm, the game's
// pointer targets), the bar and the message row above the canvas, never over it, the canvas
// filling the rest, and the note's whole text shown.
async function barChecks(page, where) {
  const g = await page.evaluate(() => {
    const r = (e) => { const b = e.getBoundingClientRect(); return { top: b.top, bottom: b.bottom, h: b.height, w: b.width }; };
    const $ = (id) => document.getElementById(id);
    const note = $('note');
    const shown = [...note.children].filter((e) => getComputedStyle(e).display !== 'none');
    return {
      buttons: ['download', 'import', 'msg-close', 'update'].map((id) => [id, r($(id)).h, $(id).offsetParent !== null]),
      bar: r($('bar')), box: r($('msgbox')), boxShown: !$('msgbox').hidden, canvas: r($('canvas')), vh: innerHeight, vw: innerWidth,
      note: shown.map((e) => e.textContent).join(''), noteClipped: note.scrollWidth > note.clientWidth + 1 || note.scrollHeight > note.clientHeight + 1,
      noteRight: note.getBoundingClientRect().right,
    };
  });
  for (const [id, h, shown] of g.buttons) if (shown && h < 34) throw new Error(`FAILED: ${where}: #${id} is ${h} CSS px high (< 34)`);
  const lowest = g.boxShown ? g.box.bottom : g.bar.bottom;
  check(Math.abs(g.canvas.top - lowest) <= 1 && Math.abs(g.canvas.bottom - g.vh) <= 1,
        `${where}: buttons ${g.buttons.filter((b) => b[2]).map((b) => b[0] + ' ' + b[1]).join(', ')} CSS px; bar ${g.bar.h} px` +
        (g.boxShown ? ` + message ${g.box.h} px` : '') + `; the canvas below them, ${g.canvas.top}..${g.canvas.bottom} of ${g.vh}`);
  check(/Assessments are taken on the desktop build/.test(g.note) && !g.noteClipped && g.noteRight <= g.vw,
        `${where}: the note is whole at ${g.vw} CSS px: "${g.note}"`);
}

// The message row shows text, whole: not hidden, not clipped, inside the window.
async function messageShown(page, text, where) {
  const s = await page.evaluate(() => {
    const e = document.getElementById('msg'), b = e.getBoundingClientRect();
    return { text: e.textContent, title: e.title, hidden: document.getElementById('msgbox').hidden, sw: e.scrollWidth, cw: e.clientWidth,
             sh: e.scrollHeight, ch: e.clientHeight, right: b.right, bottom: b.bottom, h: b.height, vw: innerWidth, vh: innerHeight,
             lines: Math.round(b.height / parseFloat(getComputedStyle(e).lineHeight)) };
  });
  check(!s.hidden && s.text === text && s.sw <= s.cw && s.sh <= s.ch + 1 && s.right <= s.vw && s.bottom <= s.vh,
        `${where}: the message's whole text is shown (${s.text.length} chars on ${s.lines} line(s), ${s.sw} <= ${s.cw} px wide), not a tooltip`);
}

async function shot(page, name) {
  fs.mkdirSync(shots, { recursive: true });
  const file = path.join(shots, name + '.png');
  await page.screenshot({ path: file });
  console.log('  screenshot ' + path.relative(process.cwd(), file));
}

const srv = await serve();
const browser = await launch();
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'stipple-web-'));
let failed = false;
try {
  // The menu start reports ready too (a page of its own, closed before the next opens).
  // One trainee's browser: every page of this test shares its storage (the second tab).
  const context = await browser.createBrowserContext();
  const menu = await open(browser, srv.url + GPU, { width: 1180, height: 820, scale: 2, context });
  await waitLine(menu, /^stipple: ready$/);
  check(await menu.evaluate(() => window.stipple.ready.then((r) => r.case === '')), 'the menu start is ready too (no case)');
  await barChecks(menu, 'landscape, the menu');

  // ---- a reload comes back to the case that was open (issue: it showed the menu) -------------
  check(await menu.evaluate(() => window.stipple.open('00_tutorial')) === true, 'from the menu, open the tutorial');
  await until('?case=00_tutorial in the address', () => menu.evaluate(() => new URLSearchParams(location.search).get('case') === '00_tutorial'), 3000);
  check(await menu.evaluate(() => localStorage.getItem('stipple-case')) === '00_tutorial', 'the page records it: ?case=00_tutorial and localStorage');
  {
    const t = await scalpCentre(menu);
    for (const dx of [-20, 20]) { await menu.mouse.click(t.x + dx, t.y); }
    await until('2 impressions in the tutorial', async () => rows(await menu.evaluate(() => window.stipple.work())) === 2, 5000);
    await until('the tutorial\'s work in IndexedDB', async () => { const w = await storedWork(menu, DATA + '/works/tutorial.csv'); return w && rows(w) === 2; }, 5000);
  }
  let back = await reloadReady(menu);
  check(await menu.evaluate(() => window.stipple.caseId()) === 'tutorial', `a reload lands back in the tutorial (ready in ${back} ms), not on the menu`);
  check(rows(await menu.evaluate(() => window.stipple.work())) === 2, 'with its 2 impressions');
  back = await reloadReady(menu, () => menu.goto(srv.url + GPU));
  check(await menu.evaluate(() => window.stipple.caseId()) === 'tutorial' && rows(await menu.evaluate(() => window.stipple.work())) === 2,
        `so does the start address without ?case= (a Home Screen start: localStorage; ready in ${back} ms)`);
  check(await menu.evaluate(() => new URLSearchParams(location.search).get('case')) === '00_tutorial', 'and the address says so again');
  await menu.keyboard.press('KeyM');   // the game's Menu
  await until('the menu', () => menu.evaluate(() => window.stipple.caseId() === ''), 3000);
  await until('the address forgetting the case', () => menu.evaluate(() => !new URLSearchParams(location.search).has('case')), 3000);
  check(await menu.evaluate(() => localStorage.getItem('stipple-case')) === null, 'back on the menu, the page forgets the case (address and localStorage)');
  await reloadReady(menu);
  check(await menu.evaluate(() => window.stipple.caseId()) === '', 'and a reload shows the menu');
  await menu.close();

  // ---- every bundled case: the file id the page records opens that same case ------------------
  {
    const files = fs.readdirSync(path.join(root, 'scenarios')).filter((f) => f.endsWith('.lua')).map((f) => f.slice(0, -4)).sort();
    const each = await open(browser, srv.url + '?case=' + files[0], { width: 1180, height: 820, scale: 1 });
    const seen = [];
    for (const f of files) {
      if (f !== files[0]) await reloadReady(each, () => each.goto(srv.url + '?case=' + f));
      else await waitLine(each, /^stipple: ready$/);
      const [cid, file, search] = await each.evaluate(() => [window.stipple.caseId(), window.stipple.caseFile(), location.search]);
      const lua = fs.readFileSync(path.join(root, 'scenarios', f + '.lua'), 'utf8').match(/^\s*id\s*=\s*"([^"]+)"/m)[1];
      if (cid !== lua || file !== f || search !== '?case=' + f) throw new Error(`FAILED: ?case=${f}: case ${cid} (its file says ${lua}), recorded ${file}, address ${search}`);
      seen.push(`${f}=${cid}`);
    }
    check(files.length >= 15, `each of the ${files.length} bundled cases maps to its own file id: ` + seen.join(' '));
    await each.close();
  }

  const page = await open(browser, srv.url + GPU + '&case=01_practice_field', { width: 1180, height: 820, scale: 2, context });
  await waitLine(page, /^stipple: ready: (\S+) \((\d+) impressions\)/);
  await waitLine(page, /^stipple: ready$/);
  const first = await page.evaluate(() => window.stipple.ready);
  check(first && first.case === 'practice-field', 'window.stipple.ready resolves with the case open (' + JSON.stringify(first) + ')');
  check(await page.evaluate(() => window.stipple.storage().mounted), 'IndexedDB is mounted at the data folder');

  // ---- three impressions, then the work in IndexedDB (polled), then a reload ----------------
  const c = await scalpCentre(page);
  for (const [dx, dy] of [[-30, 0], [0, 0], [30, 10]]) {
    await page.mouse.move(c.x + dx, c.y + dy);
    await page.mouse.down();
    await page.mouse.up();
  }
  await until('3 impressions in the game', async () => rows(await page.evaluate(() => window.stipple.work())) === 3, 5000);
  const tPlaced = Date.now();
  const stored = await until('the work (3 rows) in IndexedDB', async () => { const t = await storedWork(page); return t && rows(t) === 3 ? t : null; }, 5000, 20);
  const lossMs = Date.now() - tPlaced;
  check(rows(stored) === 3, `the work is in IndexedDB ${lossMs} ms after the last impression (autosave ≤ 1 s, then syncfs)`);
  // The time is reported, not asserted: a wall-clock budget would fail on a loaded machine
  // (docs/performance.md measures; the promise itself is the autosave's second plus the copy
  // the page starts in the same frame, web/stp_web_main.c persist_if_changed).
  const reloadMs = await reloadReady(page);
  const after = await page.evaluate(() => window.stipple.work());
  check(rows(after) === 3, `the work survives a reload (3 impressions; ready again in ${reloadMs} ms)`);
  check(after === stored, 'the reloaded work is the stored file byte for byte');

  // ---- the last second before a reload: the rescue in localStorage --------------------------
  // Two more impressions and a reload at once, inside the autosave's second: the copy to
  // IndexedDB the page starts as it goes need not finish (a trainee lost 5 dots this way); the
  // work kept in localStorage as the page went is put back before main.
  for (const [dx, dy] of [[-30, 30], [0, 30]]) {
    await page.mouse.move(c.x + dx, c.y + dy);
    await page.mouse.down();
    await page.mouse.up();
  }
  await until('5 impressions in the game', async () => rows(await page.evaluate(() => window.stipple.work())) === 5, 5000);
  const cols0 = (await page.evaluate(() => window.stipple.work())).split('\n')[0].split(',');
  const rescueMs = await reloadReady(page);
  check(page.lines.some((l) => /^stipple: rescued works\/practice-field\.csv \(\d+ bytes/.test(l)),
        'as the page went its work was kept in localStorage and is put back at the start (stipple: rescued ...)');
  check(rows(await page.evaluate(() => window.stipple.work())) === 5, `impressions placed just before a reload survive it (5; ready in ${rescueMs} ms)`);
  await page.evaluate(() => window.stipple.persisted());
  check(rows(await storedWork(page)) === 5 && await page.evaluate(() => localStorage.getItem('stipple-rescue')) === null,
        'once IndexedDB holds it, the rescue copy is gone');
  // persisted() forces the autosave first: one more impression is in IndexedDB when it resolves.
  await page.mouse.move(c.x + 30, c.y + 30);
  await page.mouse.down();
  await page.mouse.up();
  await until('6 impressions in the game', async () => rows(await page.evaluate(() => window.stipple.work())) === 6, 5000);
  await page.evaluate(() => window.stipple.persisted());
  check(rows(await storedWork(page)) === 6, 'window.stipple.persisted() resolves with the work as it is now in IndexedDB (6)');
  // The input record came back with the work, so it still rebuilds it and the case's clock
  // goes on: the sixth impression's time is after the fifth's (without the record it went
  // aside and the clock started again at 0).
  const times = (await storedWork(page)).trim().split('\n').slice(1).map((l) => Number(l.split(',')[cols0.indexOf('t_ms')]));
  check(page.lines.some((l) => /^stipple: rescued works\/practice-field\.csv \(\d+ bytes kept as the page last went, and its input record\)/.test(l)) &&
        times[5] > times[4], `the rescue keeps the input record too: the clock goes on (t_ms ${times[4]} then ${times[5]})`);

  // ---- open(caseId) ---------------------------------------------------------------------------
  check(await page.evaluate(() => window.stipple.open('00_tutorial')) === true, "open('00_tutorial') is true");
  check(await page.evaluate(() => window.stipple.caseId()) !== 'practice-field', 'the case switched (' +
        await page.evaluate(() => window.stipple.caseId()) + ')');
  check(await page.evaluate(() => window.stipple.open('no_such_case')) === false, "open('no_such_case') is false");
  check(page.lines.some((l) => /^stipple: open\(no_such_case\): no bundled case/.test(l)), 'and says so on the console');
  check(await page.evaluate(() => window.stipple.open('02_blend_fitzpatrick5')) === false, 'a locked case does not open (false)');
  // The practice field is locked until the tutorial is passed (as in the menu); ?case= opens it.
  check(await page.evaluate(() => window.stipple.open('01_practice_field')) === false, "open('01_practice_field') is locked for a new trainee");
  await reloadReady(page);
  check(await page.evaluate(() => window.stipple.caseId()) === 'tutorial', 'a reload comes back to the case open last (the tutorial, opened by open())');
  await reloadReady(page, () => page.goto(srv.url + GPU + '&case=01_practice_field'));
  check(await page.evaluate(() => window.stipple.caseId()) === 'practice-field', '?case=01_practice_field opens it again');
  check(rows(await page.evaluate(() => window.stipple.work())) === 6, 'its work is still there (6 impressions)');

  // ---- download -------------------------------------------------------------------------------
  const cdp = await page.target().createCDPSession();
  await cdp.send('Browser.setDownloadBehavior', { behavior: 'allow', downloadPath: tmp, browserContextId: context.id });
  await page.click('#download');
  const dlFile = path.join(tmp, 'practice-field.csv');
  await until('the download', () => fs.existsSync(dlFile) && fs.statSync(dlFile).size > 0, 5000);
  const downloaded = fs.readFileSync(dlFile, 'utf8');
  check(downloaded === await page.evaluate(() => window.stipple.work()), 'Download work saves practice-field.csv, the work as CSV');

  // ---- import: a good file replaces the work, a bad one changes nothing ------------------------
  const lines = downloaded.trim().split('\n');
  const header = lines[0], cols = header.split(','), one = lines[1].split(',');
  const good = [header];
  for (let i = 0; i < 5; i++) {
    const r = one.slice();
    r[cols.indexOf('x_mm')] = (Number(r[cols.indexOf('x_mm')]) + 3 * i).toFixed(2);
    r[cols.indexOf('t_ms')] = String(1000 * i);
    good.push(r.join(','));
  }
  const goodFile = path.join(tmp, 'good.csv'), badFile = path.join(tmp, 'bad.csv');
  fs.writeFileSync(goodFile, good.join('\n') + '\n');
  const bad = good.slice(0, 3);
  bad[2] = bad[2].replace(/^[^,]*/, 'nan');
  fs.writeFileSync(badFile, bad.join('\n') + '\n');
  const dialogs = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); d.accept(); });
  const badText = fs.readFileSync(badFile, 'utf8');
  async function importFile(file) {
    page.lines.length = 0;
    const [chooser] = await Promise.all([page.waitForFileChooser(), page.click('#import')]);
    await chooser.accept([file]);
    return until('the import\'s message', () => page.evaluate(() => {
      const m = document.getElementById('msg');
      return /Imported|Not imported/.test(m.textContent) ? { text: m.textContent, bad: m.classList.contains('bad') } : null;
    }), 5000);
  }
  let m = await importFile(goodFile);
  check(!m.bad && /^Imported 5 impressions/.test(m.text), 'importing a good CSV says so: ' + m.text);
  check(dialogs.length === 1 && /Replace the work/.test(dialogs[0]) && /good\.csv: 5 impressions, a valid work for practice-field\./.test(dialogs[0]),
        'after a confirm that says what the file holds');
  check(rows(await page.evaluate(() => window.stipple.work())) === 5, 'and replaces the work (5 impressions)');
  check(await page.evaluate((d) => FS.readdir(d + '/works').includes('practice-field.csv.prev.csv'), DATA),
        'the work it replaced is kept aside (works/practice-field.csv.prev.csv)');
  await page.evaluate(() => document.getElementById('msg').textContent = '');
  m = await importFile(badFile);
  check(m.bad && /Not imported \(your work is unchanged\): bad\.csv:3/.test(m.text), 'a bad CSV is refused with its line: ' + m.text);
  check(dialogs.length === 1, 'checked before the question: a bad file never asks "Replace the work?" (' + dialogs.length + ' dialogs in all)');
  check(rows(await page.evaluate(() => window.stipple.work())) === 5, 'and the work is unchanged (5 impressions)');
  const cMsg = await page.evaluate((t) => window.stipple.checkWork(t, 'bad.csv'), badText);
  const iMsg = await page.evaluate((t) => window.stipple.importWork(t, 'bad.csv'), badText);
  check(!cMsg.ok && cMsg.code === 1 && cMsg.message === iMsg.message, 'checkWork() refuses it with the import\'s own message');
  await messageShown(page, cMsg.message, 'landscape');
  await page.setViewport({ width: 820, height: 1180, deviceScaleFactor: 2, hasTouch: true });
  await messageShown(page, cMsg.message, 'portrait');
  await barChecks(page, 'portrait, a message shown');
  await shot(page, 'app-portrait-message');
  await page.setViewport({ width: 1180, height: 820, deviceScaleFactor: 2, hasTouch: true });
  await barChecks(page, 'landscape, a message shown');
  await shot(page, 'app-landscape-message');
  await page.click('#msg-close');
  check(await page.evaluate(() => document.getElementById('msgbox').hidden), 'Dismiss hides the message');
  const r2 = await page.evaluate(() => window.stipple.importWork('not,a,work\n', 'junk.csv'));
  check(!r2.ok && r2.code === 1, 'importWork() of junk is refused: ' + r2.message);
  // The browser's size limit (16 MB: every autosave copies the whole work to IndexedDB): a
  // valid work over it is refused by the C (checkWork, importWork) and by the page before it
  // reads the file; its first 1,000 rows alone would be accepted, so the size is the reason.
  // Another case's work is valid here too (the format names no case): the check says how much
  // of it lies off this case's zones (4 of the 5 moved 60 mm to the side, off the field).
  const elsewhere = [header].concat(good.slice(1).map((l, i) => {
    const r = l.split(',');
    if (i > 0) r[cols.indexOf('x_mm')] = (Number(r[cols.indexOf('x_mm')]) + 60).toFixed(2);
    return r.join(',');
  }));
  const off = await page.evaluate((t) => window.stipple.checkWork(t, 'other.csv'), elsewhere.join('\n') + '\n');
  check(off.ok && /other\.csv: 5 impressions, a valid work for practice-field; 4 of them lie off its zones: is it another case's work\?/.test(off.message),
        'a work mostly off the case\'s zones is valid but says so: ' + off.message);
  const bigRows = [header];
  for (let i = 0, bytes = header.length + 1; bytes <= 16 * 1024 * 1024; i++) {
    const r = one.slice();
    r[cols.indexOf('x_mm')] = (Number(r[cols.indexOf('x_mm')]) + (i % 40) * 0.5).toFixed(2);
    r[cols.indexOf('t_ms')] = String(10000 + i);
    const line = r.join(',');
    bigRows.push(line);
    bytes += line.length + 1;
  }
  const bigText = bigRows.join('\n') + '\n';
  const part = await page.evaluate((t) => window.stipple.checkWork(t, 'part.csv'), bigRows.slice(0, 1001).join('\n') + '\n');
  check(part.ok, 'the big work\'s first 1,000 rows would be accepted: ' + part.message);
  const bigC = await page.evaluate((t) => window.stipple.checkWork(t, 'big.csv'), bigText);
  const bigI = await page.evaluate((t) => window.stipple.importWork(t, 'big.csv'), bigText);
  check(!bigC.ok && bigC.code === 1 && /big\.csv is larger than 16 MB, the most the browser keeps/.test(bigC.message) &&
        bigI.message === bigC.message, 'a valid work over 16 MB is refused: ' + bigI.message);
  // The C refuses it too, for a caller that passes it straight (its own words, the same).
  const bigRaw = await page.evaluate((t) => {
    const len = Module.lengthBytesUTF8(t), buf = Module._malloc(len + 1);
    Module.stringToUTF8(t, buf, len + 1);
    const code = Module.ccall('stp_web_check_work', 'number', ['number', 'number', 'string'], [buf, len, 'big.csv']);
    Module._free(buf);
    return { code, message: Module.UTF8ToString(Module._stp_web_message()) };
  }, bigText);
  check(bigRaw.code === 1 && bigRaw.message === bigC.message, 'and so does the C, in the same words: ' + bigRaw.message);
  const bigFile = path.join(tmp, 'big.csv');
  fs.writeFileSync(bigFile, bigText);
  m = await importFile(bigFile);
  check(m.bad && m.text === bigC.message, 'and by Import before it reads it: ' + m.text);
  check(rows(await page.evaluate(() => window.stipple.work())) === 5, 'the work is unchanged (5 impressions)');
  await page.click('#msg-close');
  await until('the imported work in IndexedDB', async () => { const t = await storedWork(page); return t && rows(t) === 5; }, 5000);

  // ---- offline: the service worker ------------------------------------------------------------
  await until('the service worker controlling the page', () => page.evaluate(() =>
    navigator.serviceWorker.ready.then(() => !!navigator.serviceWorker.controller)), 15000, 100);
  check(true, 'a service worker controls the page (precached)');
  await page.setOfflineMode(true);
  const offMs = await reloadReady(page);
  check(rows(await page.evaluate(() => window.stipple.work())) === 5, `offline, a reload reaches ready (${offMs} ms) with the work`);
  await page.setOfflineMode(false);

  // ---- a second tab saves nothing (it would undo the first's work) ---------------------------
  const second = await open(browser, srv.url + GPU, { width: 1180, height: 820, scale: 1, context });
  await waitLine(second, /^stipple: ready$/);
  check(await second.evaluate(() => !window.stipple.storage().mounted), 'a second tab does not write IndexedDB');
  check(second.lines.some((l) => /open in another tab/.test(l)), 'and says so');
  await second.close();

  // ---- storage holds only the data folder: an entry elsewhere is never loaded -----------------
  // (An attack put a key for a bundled scenario's path into the IndexedDB database, and the
  // case read it: any script of the same origin could rewrite a case.)
  {
    const ctx = await browser.createBrowserContext();
    const a = await open(browser, srv.url + GPU + '&case=01_practice_field', { context: ctx });
    await waitLine(a, /^stipple: ready: practice-field/);
    await a.evaluate(() => window.stipple.persisted());
    const put = await a.evaluate((D) => new Promise((res) => {
      const r = indexedDB.open(D);
      r.onsuccess = () => {
        const tx = r.result.transaction('FILE_DATA', 'readwrite');
        tx.objectStore('FILE_DATA').put({ timestamp: new Date(), mode: 33188,
          contents: new TextEncoder().encode('return { id = "pwned", title = "PWNED by IndexedDB" }\n') },
          '/stipple/scenarios/01_practice_field.lua');
        tx.oncomplete = () => { r.result.close(); res('ok'); };
        tx.onerror = () => res('error ' + tx.error);
      };
      r.onerror = () => res('open error');
    }), DATA);
    check(put === 'ok', 'a key outside the data folder is put into the IndexedDB database');
    a.lines.length = 0;   /* the reload's lines only */
    await a.reload();
    await waitLine(a, /^stipple: ready: /);
    check(await a.evaluate(() => window.stipple.caseId()) === 'practice-field',
          `after a reload the bundled case is the one read (${await a.evaluate(() => window.stipple.caseId())}), not the key`);
    check(a.lines.some((l) => /ignored an entry outside .*01_practice_field\.lua/.test(l)), '  and the page says it ignored the entry');
    await a.close();
    await ctx.close();
  }

  // ---- screenshots: landscape and portrait, in play and on the result screen ------------------
  await shot(page, 'app-landscape-play');
  const canvasPx = () => page.evaluate(() => [document.getElementById('canvas').width, document.getElementById('canvas').height]);
  const cssBox = () => page.evaluate(() => { const r = document.getElementById('canvas').getBoundingClientRect(); return [r.width, r.height]; });
  await page.setViewport({ width: 820, height: 1180, deviceScaleFactor: 2, hasTouch: true });
  const [pw, ph] = await cssBox();
  await until('the canvas at the portrait size', async () => { const [w, h] = await canvasPx(); return w === Math.round(pw * 2) && h === Math.round(ph * 2); }, 5000);
  check(true, `portrait: the canvas is ${pw}x${ph} CSS px, ${(await canvasPx()).join('x')} pixels`);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await shot(page, 'app-portrait-play');
  await barChecks(page, 'portrait, in play');
  page.lines.length = 0;
  await page.keyboard.press('KeyF');
  await page.keyboard.press('Enter');
  await waitLine(page, /^score [\d.]+ /);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await shot(page, 'app-portrait-result');
  await page.setViewport({ width: 1180, height: 820, deviceScaleFactor: 2, hasTouch: true });
  const [lw, lh] = await cssBox();
  await until('the canvas at the landscape size', async () => { const [w, h] = await canvasPx(); return w === Math.round(lw * 2) && h === Math.round(lh * 2); }, 5000);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  await shot(page, 'app-landscape-result');
  check(true, 'screenshots at 1180x820 and 820x1180 (x2), in play and on the result screen');
} catch (e) {
  failed = true;
  console.log(e.message || e);
} finally {
  await browser.close();
  await srv.close();
  fs.rmSync(tmp, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
