// The page around the game (web/stp_web_main.c): the canvas, the arguments, the files.
'use strict';
(function () {
  const params = new URLSearchParams(location.search);
  const args = ['--size', Math.round(innerWidth) + 'x' + Math.round(innerHeight)];
  const id = params.get('case');
  if (id && /^[A-Za-z0-9_-]{1,64}$/.test(id)) args.push('--scenario', '/stipple/scenarios/' + id + '.lua');
  window.Module = {
    canvas: document.getElementById('canvas'),
    arguments: args,
    print: (t) => console.log(t),
    printErr: (t) => console.error(t),
    preRun: [function () {
      ENV.STIPPLE_DATA_DIR = '/stipple';
      ENV.HOME = '/home/web_user';
      ENV.XDG_DATA_HOME = '/home/web_user/.local/share';
    }],
  };
})();

// ?work=PATH: open the case with the work file at PATH (same origin only), copied to /tmp before
// main and given as --work. For the browser bench (tests/web/bench.mjs, 100k impressions).
(function () {
  const w = new URLSearchParams(location.search).get('work');
  if (!w) return;
  const url = new URL(w, location.href);
  if (url.origin !== location.origin) { console.error('stipple: ?work must be on this site'); return; }
  const body = fetch(url).then((r) => { if (!r.ok) throw new Error(r.status + ' ' + url); return r.arrayBuffer(); });
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

// For tests and integrations (docs/web.md): the work as CSV.
window.stipple = {
  work() {
    const ptr = Module._stp_web_work();
    const text = Module.UTF8ToString(ptr);
    Module._free(ptr);
    return text;
  },
};
