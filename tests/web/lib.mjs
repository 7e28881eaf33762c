// What the browser tests share (docs/web.md): a static server for build-web/site, Debian's
// Chromium headless through puppeteer-core, and the page's console lines.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import puppeteer from 'puppeteer-core';

const here = path.dirname(fileURLToPath(import.meta.url));
export const root = path.resolve(here, '../..');
export const site = process.env.STIPPLE_WEB_SITE || path.join(root, 'build-web/site');
export const shots = process.env.STIPPLE_WEB_SHOTS || path.join(root, 'build-web/shots');

const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript',
  '.wasm': 'application/wasm', '.data': 'application/octet-stream', '.json': 'application/json',
  '.webmanifest': 'application/manifest+json', '.png': 'image/png', '.svg': 'image/svg+xml',
  '.css': 'text/css', '.csv': 'text/csv',
};

// Serve dir on 127.0.0.1 at a free port. Only files under dir; no listing.
export function serve(dir = site) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    let rel = decodeURIComponent(url.pathname);
    if (rel.endsWith('/')) rel += 'index.html';
    const file = path.join(dir, path.normalize(rel));
    if (!file.startsWith(dir + path.sep)) { res.writeHead(403); res.end(); return; }
    fs.stat(file, (err, st) => {
      if (err || !st.isFile()) { res.writeHead(404); res.end('not found'); return; }
      res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream',
                           'Content-Length': st.size, 'Cache-Control': 'no-cache' });
      fs.createReadStream(file).pipe(res);
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => {
    const { port } = server.address();
    resolve({ server, url: `http://127.0.0.1:${port}/`, close: () => new Promise((r) => server.close(r)) });
  }));
}

export async function launch() {
  return puppeteer.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--enable-unsafe-swiftshader', '--ignore-gpu-blocklist',
           '--disable-dev-shm-usage', '--no-first-run'],
  });
}

// A new page in a browser context of its own: its own IndexedDB, service worker and cache, so
// what one test saved is not the next one's start (a work autosaved by one page would be
// resumed by the next).
export async function freshPage(browser) {
  const ctx = await browser.createBrowserContext();
  const page = await ctx.newPage();
  page.once('close', () => { ctx.close().catch(() => {}); });
  return page;
}

// A page at width x height (CSS pixels), with its console lines kept in page.lines and
// echoed when STIPPLE_WEB_VERBOSE is set. touch: a touch screen (iPad-like).
// context: a browser context to open it in (pages that must share storage: two tabs of one
// trainee); else a context of its own.
export async function open(browser, url, { width = 1280, height = 800, scale = 1, touch = true, context = null } = {}) {
  const page = context ? await context.newPage() : await freshPage(browser);
  page.lines = [];
  page.on('console', (m) => {
    page.lines.push(m.text());
    if (process.env.STIPPLE_WEB_VERBOSE) console.log('  page: ' + m.text());
  });
  page.on('pageerror', (e) => { page.lines.push('pageerror: ' + e.message); console.log('  page error: ' + e.message); });
  await page.setViewport({ width, height, deviceScaleFactor: scale, hasTouch: touch, isMobile: false });
  await page.goto(url);
  return page;
}

// Wait until a console line matches re (a RegExp); returns the match.
export async function waitLine(page, re, timeoutMs = 20000) {
  const t0 = Date.now();
  for (;;) {
    for (const l of page.lines) { const m = l.match(re); if (m) return m; }
    if (Date.now() - t0 > timeoutMs) throw new Error(`no console line like ${re} in ${timeoutMs} ms; last: ${page.lines.slice(-5).join(' | ')}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

export function check(cond, what) {
  if (!cond) throw new Error('FAILED: ' + what);
  console.log('ok: ' + what);
}

// A test's frame: a server for the site and a browser, body(srv, browser) run, both closed
// whatever happens; a failure (a thrown check) is printed and the process exits 1.
export async function withBrowser(body) {
  const srv = await serve();
  const browser = await launch();
  let failed = false;
  try {
    await body(srv, browser);
  } catch (e) {
    failed = true;
    console.log(String(e && e.stack || e));
  } finally {
    await browser.close();
    await srv.close();
  }
  process.exit(failed ? 1 : 0);
}
