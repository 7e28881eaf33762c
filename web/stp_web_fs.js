// Linked into stipple.js with --pre-js (web/CMakeLists.txt): a repair of emscripten 3.1.6's
// file system, before main runs.
//
// FS.rename over an existing file leaves the replaced node in the file system's name table
// (library_fs.js removes only the moved node from it; library_memfs.js's rename drops the
// replaced one from its folder but not from the table). Lookups find the newest node first,
// so the replace itself looks right; but once the new file is renamed away (a work moved
// aside by Restart or --new), the old, replaced node is found again under that name: the file
// "still exists" with content from before the last save. Every atomic write of the core
// (temporary file, fsync, rename: engine/core/stp_file.c) replaces by rename, so without this
// a restarted case reopened its previous autosave (tests/web/pen.mjs, the Restart question).
// The repair: after a rename that replaced a node, take that node out of the table too.
//
// And IDBFS loads every key of its database into the file system, wherever its path: a key
// "/stipple/scenarios/01_practice_field.lua" put there by any script of the same origin
// replaced a bundled case (found by an attack on the build). The set read back is cut to the
// mount's own folder.
'use strict';
// emscripten runs the preRun list last to first (each is unshifted onto its queue): these go at
// the end, so they run before the page's own (which mounts IDBFS and starts reading it back).
const stipplePageRuns = typeof Module['preRun'] == 'function' ? [Module['preRun']] : (Module['preRun'] || []);
Module['preRun'] = stipplePageRuns.concat([function stippleOnlyTheMountsOwnFiles() {
  const IDBFS = FS.filesystems.IDBFS;
  if (!IDBFS || !IDBFS.getRemoteSet) return;
  const getRemoteSet = IDBFS.getRemoteSet;
  IDBFS.getRemoteSet = function (mount, callback) {
    return getRemoteSet.call(IDBFS, mount, (err, set) => {
      if (!err && set && set.entries) {
        const root = mount.mountpoint, under = root.endsWith('/') ? root : root + '/';
        for (const key of Object.keys(set.entries)) {
          if (key !== root && !key.startsWith(under)) {
            delete set.entries[key];
            console.warn('stipple: storage: ignored an entry outside ' + root + ': ' + key.slice(0, 200));
          }
        }
      }
      callback(err, set);
    });
  };
}, function stippleRepairRename() {
  const rename = FS.rename;
  const nodeAt = (path) => {
    try { return FS.lookupPath(path, { follow: false }).node; } catch (e) { return null; }
  };
  FS.rename = function (oldPath, newPath) {
    const moved = nodeAt(oldPath), replaced = nodeAt(newPath);
    rename.call(FS, oldPath, newPath);
    if (replaced && replaced !== moved) FS.hashRemoveNode(replaced);
  };
}]);
