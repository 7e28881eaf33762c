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

// For tests and integrations (docs/web.md): the work as CSV.
window.stipple = {
  work() {
    const ptr = Module._stp_web_work();
    const text = Module.UTF8ToString(ptr);
    Module._free(ptr);
    return text;
  },
};
