# cmake -DSITE=build-web/site -DTEMPLATE=web/sw.js.in -P site_version.cmake
# Writes SITE/sw.js from TEMPLATE: @STIPPLE_FILES@ becomes the site's files (every file but
# sw.js itself, as "./path" strings) and @STIPPLE_VERSION@ the first 16 hex digits of the
# SHA-256 of their names and contents, so any change to any file makes a new cache name.
# An unchanged result leaves sw.js untouched (the browser then sees no new version).
file(GLOB_RECURSE _files RELATIVE ${SITE} ${SITE}/*)
list(REMOVE_ITEM _files sw.js)
list(SORT _files)
set(_sums "")
set(_list "")
foreach(f IN LISTS _files)
  file(SHA256 ${SITE}/${f} _h)
  string(APPEND _sums "${f} ${_h}\n")
  string(APPEND _list "  './${f}',\n")
endforeach()
string(SHA256 _all "${_sums}")
string(SUBSTRING ${_all} 0 16 STIPPLE_VERSION)
set(STIPPLE_FILES "${_list}")
configure_file(${TEMPLATE} ${SITE}/sw.js @ONLY)
message(STATUS "service worker version ${STIPPLE_VERSION}")
