# cmake -DSITE=build-web/site -DTEMPLATE=web/sw.js.in [-DKEEP=a,b,icons/c] -P site_version.cmake
# Writes SITE/sw.js from TEMPLATE: @STIPPLE_FILES@ becomes the site's files (every file but
# sw.js itself, as "./path" strings) and @STIPPLE_VERSION@ the first 16 hex digits of the
# SHA-256 of their names and contents, so any change to any file makes a new cache name.
# An unchanged result leaves sw.js untouched (the browser then sees no new version).
cmake_policy(SET CMP0057 NEW)   # if(... IN_LIST ...) in script mode
# KEEP (comma-separated, relative): the site's files; any other is a leftover of an earlier
# build (a page file since removed) and is deleted first.
file(GLOB_RECURSE _files RELATIVE ${SITE} ${SITE}/*)
list(REMOVE_ITEM _files sw.js)
if(DEFINED KEEP)
  string(REPLACE "," ";" _keep "${KEEP}")
  foreach(f IN LISTS _files)
    if(NOT f IN_LIST _keep)
      message(STATUS "removed from the site (no longer built): ${f}")
      file(REMOVE ${SITE}/${f})
      list(REMOVE_ITEM _files ${f})
    endif()
  endforeach()
endif()
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
