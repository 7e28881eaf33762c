// The page around the game (web/stp_web_main.c; docs/web.md): the canvas and its size, the
// arguments, the trainee's files in IndexedDB, the bar (download, import, update), the
// service worker, and window.stipple for tests and integrations.
'use strict';
(function () {
  const DATA = '/home/web_user/.local/share/stipple';   // $XDG_DATA_HOME/stipple
  const MAX_WORK = 16 * 1024 * 1024;                     // STP_WEB_MAX_WORK (web/stp_web_main.c)
  const $ = (id) => document.getElementById(id);
  const canvas = $('canvas'), stage = $('stage'), loading = $('loading'), msgEl = $('msg'), msgBox = $('msgbox');

  // A message under the bar, its whole text wrapped (bad: in red), until Dismiss or the next
  // message; also on the console, for tests and for the record. It never goes by itself: its
  // row moves the canvas down, and a row going by a timer moved the scalp under a pen about to
  // tap (a new trainee's import note did, 8 s after); so the canvas moves only when the
  // trainee acts (an import, a download, Dismiss).
  function unsay() { msgBox.hidden = true; msgEl.textContent = ''; }
  function say(text, bad) {
    msgEl.textContent = text;
    msgEl.classList.toggle('bad', !!bad);
    msgBox.classList.toggle('bad', !!bad);
    msgBox.hidden = false;
    (bad ? console.error : console.log)('stipple: page: ' + text);
  }
  $('msg-close').addEventListener('click', () => { unsay(); canvas.focus(); });

  // ---- the arguments ------------------------------------------------------------------------
  const params = new URLSearchParams(location.search);
  const box = stage.getBoundingClientRect();
  const args = ['--size', Math.max(1, Math.round(box.width)) + 'x' + Math.max(1, Math.round(box.height))];
  // The case to open: ?case=, else the one open when the page last went (a reload keeps
  // ?case= in the address; an app started again from the Home Screen has only localStorage).
  const CASE_KEY = 'stipple-case';
  const CASE_ID = /^[A-Za-z0-9_-]{1,64}$/;
  let remembered = '';
  try { remembered = localStorage.getItem(CASE_KEY) || ''; } catch (e) { /* no localStorage */ }
  const asked = params.get('case');
  const id = asked !== null ? asked : remembered;
  if (id && CASE_ID.test(id)) {
    args.push('--scenario', '/stipple/scenarios/' + id + '.lua');
    if (asked === null) console.log('stipple: back to the case open before: ' + id);
  } else if (id) console.error('stipple: ?case=' + id + ': not a case id (letters, digits, _ and -); the menu opens');

  // The open case, remembered for a reload: the address's ?case= (replaceState, no new
  // history entry) and localStorage; the menu forgets it. Called by the C when the case
  // changes (web/stp_web_main.c), and at ready.
  function remember(file, always) {
    const q = new URLSearchParams(location.search);
    if (file) q.set('case', file); else q.delete('case');
    const s = q.toString();
    const url = location.pathname + (s ? '?' + s : '') + location.hash;
    if (url !== location.pathname + location.search + location.hash) history.replaceState(history.state, '', url);
    // Only the page that owns the data folder (not a second tab, which saves nothing).
    if (!store.mounted && !always) return;
    try { if (file) localStorage.setItem(CASE_KEY, file); else localStorage.removeItem(CASE_KEY); } catch (e) { /* none */ }
  }

  // ---- storage: IDBFS at the data folder -----------------------------------------------------
  // Loaded before main (a run dependency), written back after each change the C made durable
  // (Module.stipplePersist, called from the frame) and when the page is hidden. One syncfs at
  // a time: a request during one is queued (once).
  const store = { mounted: false, syncing: false, again: false, syncs: 0, lastMs: 0, error: '', enoent: 0, gen: 0, waiters: [] };
  function persist() {
    if (!store.mounted) return;
    if (store.syncing) { store.again = true; return; }
    store.syncing = true;
    const t0 = performance.now(), gen = ++store.gen;
    // A copy that never reports back (an IndexedDB transaction aborted, as on a full quota at
    // commit: emscripten's IDBFS waits for an error or a completion only) would hold every
    // later save behind it: after 20 s it counts as failed, and the next save tries again.
    const watchdog = setTimeout(() => {
      if (gen !== store.gen || !store.syncing) return;
      store.syncing = false;
      store.error = 'the browser did not finish writing it (is its storage full?)';
      say('Your work could not be saved in the browser\'s storage: ' + store.error, true);
      const w = store.waiters; store.waiters = [];
      w.forEach((f) => f());
    }, 20000);
    FS.syncfs(false, (err) => {
      clearTimeout(watchdog);
      if (gen !== store.gen) return;   /* given up on: a newer copy runs */
      store.syncing = false;
      store.lastMs = performance.now() - t0;
      // ENOENT (emscripten's errno 44): a file went while IndexedDB was being written (IDBFS
      // lists the folder, then reads each file after an await): a work's lock or an atomic
      // write's temporary file. The next copy sees the folder as it is now: run it again, a
      // few times, before saying anything.
      if (err && err.errno === 44 && store.enoent < 3) {
        store.enoent++;
        store.again = true;
      } else if (err) {
        store.error = String(err && err.message || err) + (err && err.errno ? ' (errno ' + err.errno + ')' : '');
        say('Your work could not be saved in the browser\'s storage: ' + store.error, true);
      } else {
        store.syncs++;
        store.error = '';
        store.enoent = 0;
        // A copy begun after the rescue was kept holds all it held: it is no longer needed.
        if (store.rescueAt && t0 > store.rescueAt) rescueClear();
      }
      if (store.again) { store.again = false; persist(); return; }
      const w = store.waiters; store.waiters = [];
      w.forEach((f) => f());
    });
  }
  // The work as it is now, in IndexedDB: the autosave forced first (its throttle would keep the
  // last second's impressions in memory), then every copy under way or queued waited for.
  function persisted() {
    if (running) { try { Module._stp_web_save_now(); } catch (e) { /* the game ended */ } }
    if (!store.syncing && !store.again) return Promise.resolve();
    return new Promise((r) => store.waiters.push(r));
  }

  // ---- the rescue: the open case's work in localStorage as the page goes ------------------------
  // A copy to IndexedDB is asynchronous: one begun as the page goes (a reload, the tab closed,
  // the tablet locked and the browser killed) may never finish, and the autosave's last second
  // of impressions with it. localStorage is written at once: flush() also keeps the work file
  // there, with its input record beside it (the record rebuilds the work: without it the record
  // no longer matches, goes aside, and the case's clock starts again at 0), up to RESCUE_MAX
  // characters in all (past that, the copy to IndexedDB only); the next start writes them back
  // over the files before main, and the first copy to IndexedDB begun after they were kept or
  // put back removes them.
  const RESCUE = 'stipple-rescue', RESCUE_MAX = 2 * 1024 * 1024;
  const recordOf = (work) => work.replace(/\.csv$/, '') + '.record.txt';   // pl_beside_work
  function rescueClear() {
    store.rescueAt = 0;
    try { localStorage.removeItem(RESCUE); } catch (e) { /* no localStorage */ }
  }
  function rescueKeep() {
    if (!store.mounted || !running) return;
    let path = '', text = null, record = null;
    try { path = cstr(Module._stp_web_work_path()); } catch (e) { return; }
    if (!path.startsWith(DATA + '/')) return;
    try { text = FS.readFile(path, { encoding: 'utf8' }); } catch (e) { return; }   // nothing saved yet
    try { record = FS.readFile(recordOf(path), { encoding: 'utf8' }); } catch (e) { record = null; }
    if (text.length + (record ? record.length : 0) > RESCUE_MAX) { rescueClear(); return; }
    try {
      localStorage.setItem(RESCUE, JSON.stringify({ path, text, record }));
      store.rescueAt = performance.now();
    } catch (e) { /* full, or refused: IndexedDB's copy only */ }
  }
  // Before main, once this page owns the data folder: the rescued files back in their place.
  function rescueRestore() {
    let r = null;
    try { r = JSON.parse(localStorage.getItem(RESCUE) || 'null'); } catch (e) { r = null; }
    if (!r || typeof r.path !== 'string' || typeof r.text !== 'string' || !r.path.startsWith(DATA + '/') ||
        !r.path.endsWith('.csv') || r.path.split('/').includes('..')) { rescueClear(); return; }
    try {
      FS.mkdirTree(r.path.slice(0, r.path.lastIndexOf('/')));
      FS.writeFile(r.path, r.text);
      if (typeof r.record === 'string') FS.writeFile(recordOf(r.path), r.record);
      store.rescueAt = performance.now();   // the next copy to IndexedDB takes them
      console.log('stipple: rescued ' + r.path.slice(DATA.length + 1) + ' (' + r.text.length + ' bytes kept as the page last went' +
                  (typeof r.record === 'string' ? ', and its input record' : '') + ')');
    } catch (e) {
      console.error('stipple: the rescued work could not be put back: ' + e);
    }
  }

  // One page writes the data folder at a time, as one Stipple holds a work on the desktop: two
  // tabs each have their own copy in memory, and each syncfs makes IndexedDB equal to its
  // copy, so the second would undo the first's work. The Web Locks API holds a lock for the
  // page's life; a page that does not get it saves nothing and says so.
  const owner = navigator.locks && navigator.locks.request
    ? new Promise((resolve) => navigator.locks.request('stipple-data', { ifAvailable: true }, (lock) => {
      resolve(!!lock);
      return lock ? new Promise(() => {}) : undefined;   // held until the page goes
    })).catch(() => true)
    : Promise.resolve(true);

  // ---- ready -----------------------------------------------------------------------------------
  let resolveReady;
  const ready = new Promise((r) => { resolveReady = r; });
  let running = false;
  function onReady() {
    running = true;
    loading.hidden = true;
    console.log('stipple: ready');
    refreshBar();
    // Ask the browser not to evict the trainee's data (Safari clears a site's storage after
    // weeks without a visit unless it is installed or persistent).
    if (navigator.storage && navigator.storage.persist) {
      navigator.storage.persist().then((granted) => console.log('stipple: storage persistent: ' + granted), () => {});
    }
    remember(caseFile());
    if (store.rescueAt) persist();   // a rescued work: into IndexedDB now
    resolveReady({ case: caseId() });
  }

  window.Module = {
    canvas,
    arguments: args,
    print: (t) => console.log(t),
    printErr: (t) => {
      console.error(t);
      if (/^stipple: could not start/.test(t) && !running) {
        loading.textContent = t;
        loading.classList.add('bad');
        if (id) {   // never the same failure at every start: the next one opens the menu
          remember('', true);
          loading.textContent = t + ' (the case ' + id + '); reload for the menu.';
        }
      }
    },
    setStatus: (t) => { if (t && !running) loading.textContent = 'Loading Stipple… ' + t.replace(/^Downloading data\.\.\. /, ''); },
    onAbort: (what) => { loading.hidden = false; loading.textContent = 'Stipple stopped: ' + what; loading.classList.add('bad'); },
    stipplePersist: persist,
    stippleReady: onReady,
    // The game quit (Esc on its error screen, its Quit): the canvas stops; say what to do.
    stippleEnded: (rc) => {
      running = false;
      say('Stipple has closed' + (rc ? ' (' + rc + ')' : '') + '. Your work is saved: reload the page to go on.', true);
    },
    stippleCase: (file) => { if (running) remember(file); },
    preRun: [function () {
      ENV.STIPPLE_DATA_DIR = '/stipple';
      ENV.HOME = '/home/web_user';
      ENV.XDG_DATA_HOME = '/home/web_user/.local/share';
      FS.mkdirTree(DATA);
      try {
        FS.mount(FS.filesystems.IDBFS, {}, DATA);
      } catch (e) {
        say('No browser storage (' + e + '): your work lasts only while this page is open.', true);
        return;
      }
      addRunDependency('stipple-idbfs');
      FS.syncfs(true, (err) => {
        if (err) {
          // Never written back over what could not be read: this page keeps it in memory only.
          say('Your saved work could not be read from the browser\'s storage (' + err + '): ' +
              'nothing will be saved over it; this session lasts only while the page is open.', true);
          removeRunDependency('stipple-idbfs');
          return;
        }
        owner.then((mine) => {
          store.mounted = mine;
          if (mine) rescueRestore();
          if (!mine) say('Stipple is open in another tab or window: this one saves nothing. Close the other and reload.', true);
          removeRunDependency('stipple-idbfs');
        });
      });
    }],
  };

  // Hidden (another app, the tab switched, the tablet locked) or leaving: save now and write
  // to IndexedDB, since the page may never come back.
  function flush() {
    if (!running) return;
    try { Module._stp_web_save_now(); } catch (e) { /* the game ended */ }
    rescueKeep();
    persist();
  }
  document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'hidden') flush(); });
  window.addEventListener('pagehide', flush);

  // ---- the canvas fills the stage; SDL hears of every change -----------------------------------
  // SDL2 listens to the window's resize event and reads the canvas's CSS size: a change of the
  // stage alone (orientation, safe areas, the bar) is told to it the same way.
  const tell = () => window.dispatchEvent(new Event('resize'));
  if (window.ResizeObserver) new ResizeObserver(() => { if (running) tell(); }).observe(stage);
  window.addEventListener('orientationchange', () => requestAnimationFrame(tell));
  // No pinch zoom, double-tap zoom or pull to refresh on the page itself (the canvas's
  // gestures go to the game).
  document.addEventListener('gesturestart', (e) => e.preventDefault());
  document.addEventListener('dblclick', (e) => e.preventDefault());
  document.addEventListener('touchmove', (e) => { if (e.target === canvas || !e.target.closest('#bar, #msgbox')) e.preventDefault(); },
                            { passive: false });

  // ---- the C side ------------------------------------------------------------------------------
  function cstr(ptr) { return Module.UTF8ToString(ptr); }
  function caseId() { return running ? cstr(Module._stp_web_case()) : ''; }
  function caseFile() { return running ? cstr(Module._stp_web_case_file()) : ''; }
  function work() {
    if (!running) return '';
    const ptr = Module._stp_web_work();
    const text = cstr(ptr);
    Module._free(ptr);
    return text;
  }
  function open(caseId) {
    if (typeof caseId !== 'string' || !/^[A-Za-z0-9_.-]{1,64}$/.test(caseId)) {
      console.error('stipple: open(' + JSON.stringify(caseId) + '): not a case id');
      return false;
    }
    if (!running) { console.error('stipple: open(' + caseId + '): the game is not ready yet (await stipple.ready)'); return false; }
    const ok = Module.ccall('stp_web_open', 'number', ['string'], [caseId]) === 1;
    const m = cstr(Module._stp_web_message());
    if (ok) console.log('stipple: open(' + caseId + '): ' + m);
    else console.error('stipple: open(' + caseId + '): ' + m);
    refreshBar();
    return ok;
  }
  const tooLarge = (name) => 'Not imported (your work is unchanged): ' + name + ' is larger than 16 MB, the most the ' +
    'browser keeps (about 340,000 impressions). Open it in the desktop build.';
  // Pass a work's CSV text to the C's fn (stp_web_import or stp_web_check_work): {ok, code
  // (0 imported / would be, 1 bad input, 2 not imported), message}.
  function withWork(fn, text, name) {
    if (!running) return { ok: false, code: 2, message: 'Not imported: the game is not ready yet.' };
    if (typeof text !== 'string') return { ok: false, code: 1, message: 'Not imported: no text.' };
    const len = Module.lengthBytesUTF8(text);
    // Never copied into the game's memory (which never shrinks) when too large; the C refuses
    // it too (too_large in web/stp_web_main.c, the same words), for a caller of its own.
    if (len > MAX_WORK) return { ok: false, code: 1, message: tooLarge(String(name || 'the file')) };
    const buf = Module._malloc(len + 1);
    if (!buf) return { ok: false, code: 2, message: 'Not imported: out of memory.' };
    let code;
    try {
      Module.stringToUTF8(text, buf, len + 1);
      code = Module.ccall(fn, 'number', ['number', 'number', 'string'], [buf, len, String(name || '')]);
    } finally {
      Module._free(buf);
    }
    // The data folder's paths as the trainee would name them (works/..., not /home/web_user/...).
    const message = cstr(Module._stp_web_message()).split(DATA + '/').join('');
    return { ok: code === 0, code, message };
  }
  // Check a work's CSV text against the open case as an import would, changing nothing.
  const checkWork = (text, name) => withWork('stp_web_check_work', text, name);
  // Import a work's CSV text into the open case. Nothing changes unless ok.
  function importWork(text, name) {
    const r = withWork('stp_web_import', text, name);
    refreshBar();
    return r;
  }

  // ---- the bar ---------------------------------------------------------------------------------
  const dl = $('download'), im = $('import'), file = $('import-file'), upd = $('update');
  function refreshBar() {
    const open = !!caseId();
    dl.disabled = im.disabled = !open;
  }
  setInterval(() => { if (running) refreshBar(); }, 500);
  function backToGame(btn) { btn.blur(); canvas.focus(); }

  dl.addEventListener('click', () => {
    backToGame(dl);
    const cid = caseId();
    if (!cid) { say('Open a case first.', true); return; }
    const text = work();
    const rows = Math.max(0, text.split('\n').filter((l) => l.length).length - 1);
    const a = document.createElement('a');
    a.href = URL.createObjectURL(new Blob([text], { type: 'text/csv' }));
    a.download = cid + '.csv';
    document.body.appendChild(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 60000);
    say('Downloaded ' + a.download + ' (' + rows + ' impression' + (rows === 1 ? '' : 's') + ').');
  });

  im.addEventListener('click', () => { backToGame(im); file.value = ''; file.click(); });
  file.addEventListener('change', async () => {
    const f = file.files && file.files[0];
    if (!f) return;
    const cid = caseId();
    if (!cid) { say('Open a case first, then import its work.', true); return; }
    if (f.size > MAX_WORK) { say(tooLarge(f.name), true); return; }   // not read at all
    let text;
    try { text = await f.text(); } catch (e) { say('Not imported: ' + f.name + ' could not be read (' + e + ').', true); return; }
    // Checked first: only a file that would be accepted asks to replace the work.
    const c = checkWork(text, f.name);
    if (!c.ok) { say(c.message, true); return; }
    // The check's own words first (its count, and how much lies off this case's zones: the
    // format names no case, so another case's work is valid here too).
    if (!window.confirm('Replace the work of "' + cid + '" with ' + f.name + '?\n\n' + c.message + (/[.?!]$/.test(c.message) ? '' : '.') +
                        '\n\nYour current work ' +
                        'is kept aside as a backup beside it (.prev.csv).')) {
      say('Import cancelled.');
      return;
    }
    const r = importWork(text, f.name);
    say(r.message, !r.ok);
  });

  // ---- offline: the service worker -------------------------------------------------------------
  let registration = null;
  function offerUpdate() {
    if (!registration || !registration.waiting || !navigator.serviceWorker.controller) return;
    upd.hidden = false;
    say('A new version of Stipple is ready: press Update (your work is saved first).');
  }
  upd.addEventListener('click', async () => {
    backToGame(upd);
    if (!registration || !registration.waiting) return;
    flush();
    await persisted();
    navigator.serviceWorker.addEventListener('controllerchange', () => location.reload(), { once: true });
    registration.waiting.postMessage({ type: 'skip-waiting' });
  });
  if ('serviceWorker' in navigator && window.isSecureContext) {
    navigator.serviceWorker.register('sw.js').then((reg) => {
      registration = reg;
      offerUpdate();
      reg.addEventListener('updatefound', () => {
        const w = reg.installing;
        if (w) w.addEventListener('statechange', () => { if (w.state === 'installed') offerUpdate(); });
      });
    }, (e) => console.warn('stipple: no service worker: ' + e));
  } else {
    console.log('stipple: no service worker (the page is not a secure context: https or localhost); ' +
                'it works while online only and cannot be installed');
  }

  // ---- for tests and integrations (docs/web.md) ------------------------------------------------
  window.stipple = {
    ready,                 // resolved at the first interactive frame: {case}
    work,                  // the open case's work as CSV ("" on the menu)
    open,                  // open a bundled case by id as the menu does: true / false
    caseId,                // the open case's scenario id ("" on the menu)
    importWork,            // import CSV text: {ok, code, message}
    checkWork,             // check CSV text as an import would, changing nothing: {ok, code, message}
    caseFile,              // the open case's file id ("01_practice_field", what ?case= takes; "" on the menu)
    persisted,             // resolves when no write to IndexedDB is under way or queued
    storage: () => ({ mounted: store.mounted, syncs: store.syncs, syncing: store.syncing || store.again,
                      lastMs: store.lastMs, error: store.error }),
  };
})();

// ?work=PATH: open the case with the work file at PATH (same origin only), copied to /tmp before
// main and given as --work. For the browser bench (tests/web/bench.mjs, 100k impressions).
(function () {
  const q = new URLSearchParams(location.search);
  const w = q.get('work');
  if (!w) return;
  // Once: a reload opens the case as it was saved, not this file again over it.
  q.delete('work');
  history.replaceState(history.state, '', location.pathname + (q.toString() ? '?' + q : '') + location.hash);
  const url = new URL(w, location.href);
  if (url.origin !== location.origin) { console.error('stipple: ?work must be on this site'); return; }
  const body = fetch(url).then((r) => { if (!r.ok) throw new Error(r.status + ' ' + url); return r.arrayBuffer(); });
  body.catch(() => {});   /* handled in preRun, which may come later */
  console.warn('stipple: ?work=' + w + ': a work opened from a file for a bench or a test; what is done with it is not kept');
  Module.arguments.push('--work', '/tmp/work.csv');
  Module.preRun.push(function () {
    Module.addRunDependency('work');
    body.then((b) => Module.FS.writeFile('/tmp/work.csv', new Uint8Array(b)),
              (e) => console.error('stipple: could not fetch the work: ' + e.message))
        .finally(() => Module.removeRunDependency('work'));
  });
})();

// SDL's renderer: its software one where WebGL is itself software (SwiftShader, llvmpipe:
// headless Chromium, machines without a GPU), where every WebGL frame is also read back for a
// software compositor; else SDL's first (GLES2 on WebGL). ?renderer=software|opengles2 forces
// one. Measured in docs/performance.md ("The browser build").
(function () {
  let r = new URLSearchParams(location.search).get('renderer');
  if (!r) {
    try {
      const gl = document.createElement('canvas').getContext('webgl');
      const info = gl && gl.getExtension('WEBGL_debug_renderer_info');
      const name = info ? String(gl.getParameter(info.UNMASKED_RENDERER_WEBGL)) : '';
      if (!gl || /swiftshader|llvmpipe|softpipe/i.test(name)) r = 'software';
      const lose = gl && gl.getExtension('WEBGL_lose_context');
      if (lose) lose.loseContext();
    } catch (e) { /* keep SDL's choice */ }
  }
  if (r === 'software' || r === 'opengles2') Module.preRun.push(() => { ENV.SDL_RENDER_DRIVER = r; });
})();

