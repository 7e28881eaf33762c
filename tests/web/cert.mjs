// The https certificate a tablet is asked to trust (scripts/web-cert.sh, docs/web.md "Serving
// to a tablet"), checked with openssl and with node's own TLS client, as a tablet would use
// it: web/serve.mjs serves the site over https with it, and a client that trusts only the
// installed certificate (stipple-cert.crt) reaches it by name and by address. What it must not
// be: a key that could vouch for any other site (the authority's key is gone; its name
// constraints admit only the names given), or a certificate iPadOS and Android refuse (no
// serverAuth, more than 825 days). No browser: node and openssl only.
import { check, root, site } from './lib.mjs';
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stipple-cert-'));
const ssl = (...a) => execFileSync('openssl', a, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
const sslFails = (...a) => { try { ssl(...a); return false; } catch { return true; } };
let server = null;
try {
  // A host name no certificate can hold ("_") is left out with a word; the others still serve.
  execFileSync(path.join(root, 'scripts/web-cert.sh'), [dir, 'localhost', 'tablet-host.lan', 'odd_host', '127.0.0.1', '10.20.30.40'],
               { stdio: 'inherit' });
  check(fs.readFileSync(path.join(dir, 'names.txt'), 'utf8') === 'localhost\ntablet-host.lan\n127.0.0.1\n10.20.30.40\n',
        'names.txt records the names it holds (odd_host left out)');
  const files = fs.readdirSync(dir).sort();
  check(files.join(' ') === 'cert.pem key.pem names.txt stipple-cert.crt',
        `it writes the server's chain and key, the names and the certificate to install, nothing else: ${files.join(' ')}`);
  check((fs.statSync(path.join(dir, 'key.pem')).mode & 0o777) === 0o600, 'the server\'s key is readable by its owner alone (600)');
  check(!fs.readFileSync(path.join(dir, 'cert.pem'), 'utf8').includes('PRIVATE KEY'), 'the chain holds no key');

  // The certificate to install: an authority limited to the names given, with no key left.
  ssl('x509', '-inform', 'der', '-in', path.join(dir, 'stipple-cert.crt'), '-out', path.join(dir, 'ca.pem'));
  const ca = ssl('x509', '-in', path.join(dir, 'ca.pem'), '-noout', '-text');
  check(/Basic Constraints: critical\s+CA:TRUE, pathlen:0/.test(ca), 'the installed certificate is an authority that signs no other authority (pathlen 0)');
  const nc = ca.match(/Name Constraints: critical\s+Permitted:\s+([\s\S]*?)\n\s*(?:X509v3|Signature Algorithm)/);
  check(nc !== null, 'its name constraints are critical (a client that does not know them must refuse it)');
  const permitted = nc[1].split('\n').map((s) => s.trim()).filter(Boolean).join(' | ');
  check(permitted === 'DNS:localhost | DNS:tablet-host.lan | IP:127.0.0.1/255.255.255.255 | IP:10.20.30.40/255.255.255.255',
        'they permit the names given and nothing else: ' + permitted);

  // The server's certificate: what iPadOS and Android require of one a person installed.
  const leaf = ssl('x509', '-in', path.join(dir, 'cert.pem'), '-noout', '-text');
  check(/Extended Key Usage:\s+TLS Web Server Authentication/.test(leaf), 'the server\'s certificate is for TLS servers (serverAuth)');
  check(/Basic Constraints: critical\s+CA:FALSE/.test(leaf), 'and is no authority');
  const dates = ssl('x509', '-in', path.join(dir, 'cert.pem'), '-noout', '-startdate', '-enddate');
  const [from, to] = dates.trim().split('\n').map((l) => Date.parse(l.split('=')[1]));
  const days = (to - from) / 86400000;
  check(days <= 825, `valid for ${days} days (at most 825)`);
  check(ssl('x509', '-in', path.join(dir, 'cert.pem'), '-noout', '-modulus') ===
        ssl('rsa', '-in', path.join(dir, 'key.pem'), '-noout', '-modulus'), 'key.pem is the server certificate\'s key');
  const verify = (...a) => ssl('verify', '-CAfile', path.join(dir, 'ca.pem'), '-purpose', 'sslserver', ...a, path.join(dir, 'cert.pem'));
  check(/OK/.test(verify('-verify_hostname', 'tablet-host.lan')), 'openssl verifies it for a name given, against the installed certificate alone');
  check(/OK/.test(verify('-verify_ip', '10.20.30.40')), '  and for an address given');
  check(sslFails('verify', '-CAfile', path.join(dir, 'ca.pem'), '-verify_hostname', 'bank.example', path.join(dir, 'cert.pem')),
        '  and refuses it for another name');

  // Served by web/serve.mjs, reached by a TLS client that trusts only the installed certificate.
  server = spawn(process.execPath, [path.join(root, 'web/serve.mjs'), '--dir', site, '--port', '0', '--https-port', '0',
                                    '--host', '127.0.0.1', '--cert', path.join(dir, 'cert.pem'), '--key', path.join(dir, 'key.pem')],
                 { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise((resolve, reject) => {
    let out = '';
    server.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/serve: https:\/\/localhost:(\d+)\//);
      if (m) resolve(Number(m[1]));
    });
    server.on('exit', (c) => reject(new Error('serve.mjs ended (' + c + '): ' + out)));
  });
  const caPem = fs.readFileSync(path.join(dir, 'ca.pem'));
  const get = (host, servername) => new Promise((resolve) => {
    const req = https.get({ host: '127.0.0.1', port, path: '/', ca: caPem, servername, headers: { host } }, (res) => {
      let body = '';
      res.on('data', (d) => { body += d; });
      res.on('end', () => resolve({ status: res.statusCode, body }));
    });
    req.on('error', (e) => resolve({ error: e.code || e.message }));
  });
  // node checks the name against the certificate as a browser does (servername; for an
  // address, checkServerIdentity with the IP). Here the address is 127.0.0.1, a name given.
  const byName = await get('localhost', 'localhost');
  check(byName.status === 200 && /<html/i.test(byName.body), `https://localhost/ answers with the page, trusted through the installed certificate (${byName.status || byName.error})`);
  const byIp = await new Promise((resolve) => {
    https.get({ host: '127.0.0.1', port, path: '/', ca: caPem }, (res) => { res.resume(); resolve(res.statusCode); })
      .on('error', (e) => resolve(e.code || e.message));
  });
  check(byIp === 200, `https://127.0.0.1/ too (${byIp})`);
  const other = await get('bank.example', 'bank.example');
  check(other.error === 'ERR_TLS_CERT_ALTNAME_INVALID', `a name not given is refused (${other.error || other.status})`);
} finally {
  if (server) server.kill();
  fs.rmSync(dir, { recursive: true, force: true });
}
