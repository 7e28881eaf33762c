// Serve build-web/site on the local network so a tablet can open it (docs/web.md, "Serving to
// a tablet"): plain http, and https too when given a certificate (scripts/web.sh makes a
// self-signed one), since a service worker and "Add to Home Screen" need a secure context.
//
//   node web/serve.mjs [--dir build-web/site] [--port 8080] [--https-port 8443 --cert C --key K]
//                      [--host 0.0.0.0]
//
// Only files under the folder, no listings; every response `Cache-Control: no-cache` (the
// service worker does the caching, and must see a new sw.js at once).
import http from 'node:http';
import https from 'node:https';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const opt = { dir: path.join(here, '..', 'build-web', 'site'), port: 8080, httpsPort: 8443, host: '0.0.0.0', cert: '', key: '',
              offerCert: '' };
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const a = argv[i], v = argv[i + 1];
  const need = () => { if (v === undefined) { console.error(`serve: ${a} needs a value`); process.exit(2); } i++; return v; };
  if (a === '--dir') opt.dir = need();
  else if (a === '--port') opt.port = Number(need());
  else if (a === '--https-port') opt.httpsPort = Number(need());
  else if (a === '--host') opt.host = need();
  else if (a === '--cert') opt.cert = need();
  else if (a === '--key') opt.key = need();
  else if (a === '--offer-cert') opt.offerCert = need();   // served as /stipple-cert.crt
  else { console.error(`serve: unknown option ${a}`); process.exit(2); }
}
opt.dir = path.resolve(opt.dir);
if (!fs.existsSync(path.join(opt.dir, 'index.html'))) {
  console.error(`serve: no index.html in ${opt.dir}: build first (scripts/web.sh --build)`);
  process.exit(1);
}

export const TYPES = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.wasm': 'application/wasm', '.data': 'application/octet-stream',
  '.json': 'application/json', '.webmanifest': 'application/manifest+json', '.png': 'image/png',
  '.svg': 'image/svg+xml', '.ico': 'image/x-icon', '.csv': 'text/csv; charset=utf-8', '.txt': 'text/plain; charset=utf-8',
  '.crt': 'application/x-x509-ca-cert',
};

function handler(req, res) {
  let rel;
  try { rel = decodeURIComponent(new URL(req.url, 'http://x').pathname); } catch { res.writeHead(400); res.end(); return; }
  if (rel.endsWith('/')) rel += 'index.html';
  let file = path.join(opt.dir, path.normalize(rel));
  if (rel === '/stipple-cert.crt' && opt.offerCert) file = opt.offerCert;
  else if (!file.startsWith(opt.dir + path.sep) || rel.includes('\0')) { res.writeHead(403); res.end(); return; }
  if (req.method !== 'GET' && req.method !== 'HEAD') { res.writeHead(405, { Allow: 'GET, HEAD' }); res.end(); return; }
  fs.stat(file, (err, st) => {
    if (err || !st.isFile()) { res.writeHead(404, { 'Content-Type': 'text/plain' }); res.end('not found\n'); return; }
    res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] || 'application/octet-stream',
                         'Content-Length': st.size, 'Cache-Control': 'no-cache', 'X-Content-Type-Options': 'nosniff' });
    if (req.method === 'HEAD') { res.end(); return; }
    fs.createReadStream(file).pipe(res);
  });
  const t = new Date().toTimeString().slice(0, 8);
  if (process.env.STIPPLE_SERVE_LOG) console.log(`${t} ${req.socket.remoteAddress} ${req.method} ${req.url}`);
}

// The machine's addresses a tablet on the same network can reach.
function lanAddresses() {
  const out = [];
  for (const [name, list] of Object.entries(os.networkInterfaces())) {
    for (const a of list || []) {
      if (a.internal || a.family !== 'IPv4' && a.family !== 4) continue;
      out.push({ name, address: a.address });
    }
  }
  return out;
}

function listen(server, port, scheme) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, opt.host, () => {
      const p = server.address().port;
      console.log(`serve: ${scheme}://localhost:${p}/  (this machine)`);
      for (const a of lanAddresses()) console.log(`serve: ${scheme}://${a.address}:${p}/  (${a.name}: a tablet on the same network)`);
      resolve();
    });
  });
}

console.log(`serve: ${opt.dir}`);
await listen(http.createServer(handler), opt.port, 'http');
if (opt.cert && opt.key) {
  await listen(https.createServer({ cert: fs.readFileSync(opt.cert), key: fs.readFileSync(opt.key) }, handler), opt.httpsPort, 'https');
  console.log('serve: over plain http a tablet has no offline mode and no install (not a secure context);');
  console.log('serve: the https address has both once the tablet trusts the certificate (docs/web.md, "Serving to a tablet")');
} else {
  console.log('serve: http only: offline and install work on localhost alone (docs/web.md, "Serving to a tablet")');
}
console.log('serve: open ?case=01_practice_field to go straight to a case; Ctrl-C stops');
