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
'use strict';
Module['preRun'] = [function stippleRepairRename() {
  const rename = FS.rename;
  const nodeAt = (path) => {
    try { return FS.lookupPath(path, { follow: false }).node; } catch (e) { return null; }
  };
  FS.rename = function (oldPath, newPath) {
    const moved = nodeAt(oldPath), replaced = nodeAt(newPath);
    rename.call(FS, oldPath, newPath);
    if (replaced && replaced !== moved) FS.hashRemoveNode(replaced);
  };
}].concat(Module['preRun'] || []);
