#!/usr/bin/env bash
# The browser build (issue 11, docs/web.md).
#   scripts/web.sh [--serve]  install what is missing, build (as --build), then serve
#                            build-web/site on the local network for a tablet: http on port
#                            8080 and https on 8443 with a self-signed certificate made by
#                            openssl in build-web/tls/ (STIPPLE_WEB_PORT, STIPPLE_WEB_HTTPS_PORT)
#   scripts/web.sh --build   install what is missing, fetch Debian's sources of SDL2,
#                            SDL2_image, Lua 5.4, cJSON, Little CMS, libsodium and GEOS into
#                            build-web/cache/ and build them for WebAssembly with emcc (once: a
#                            second run reuses them), then the game into build-web/site and
#                            the node scorer
#   scripts/web.sh --check   --build, then score with node and compare with the desktop build's
#                            `stipple score` on the same files (they must be identical)
# Everything heavy runs under `nice`. scripts/test.sh runs --build and --check (docs/web.md).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$here/build-web"
cache="$out/cache"
jobs="$(nproc)"

usage() { echo "usage: scripts/web.sh [--serve] | --build | --check" >&2; exit 2; }
[ $# -le 1 ] || usage
case "${1:---serve}" in --build|--check|--serve) mode="${1:---serve}" ;; *) usage ;; esac

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; fi
fi

# Debian's emcc runs `node` from PATH and resolves its modules through NODE_PATH: set it in
# case another node comes first on PATH (issue 11).
export NODE_PATH="${NODE_PATH:+$NODE_PATH:}/usr/share/nodejs"
# Debian's emscripten ships its system libraries prebuilt in a frozen cache
# (/usr/share/emscripten/cache): leave EM_CACHE alone, or nothing compiles.

# ---- the Debian source packages ------------------------------------------------------------
# The upstream libraries are built from Debian's own source packages (the same code, with
# Debian's patches, as the desktop build links), never from the internet at large.
SRC_PACKAGES=(libsdl2 libsdl2-image lua5.4 cjson lcms2 libsodium geos)

# The enabled apt source files, in both formats.
apt_files() {
  local f
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources; do
    [ -f "$f" ] && echo "$f"
  done
  return 0
}

have_deb_src() {
  local f
  while read -r f; do
    case "$f" in
      *.sources) grep -Eqi '^Types:.*\bdeb-src\b' "$f" && return 0 ;;
      *)         grep -Eq '^[[:space:]]*deb-src[[:space:]]' "$f" && return 0 ;;
    esac
  done < <(apt_files)
  return 1
}

# One deb-src line per Debian archive entry of the machine's own sources (one-line and
# deb822), keeping its URI, suites, components and signing key. Third-party archives are
# left out: they rarely publish sources, and a missing index would fail apt-get update.
derive_deb_src() {
  local f
  while read -r f; do
    case "$f" in
      *.sources)
        awk '
          function flush() {
            if (types ~ /(^| )deb( |$)/ && uris ~ /debian/) {
              n = split(uris, u, " "); m = split(suites, s, " ")
              opt = signed != "" ? "[signed-by=" signed "] " : ""
              for (i = 1; i <= n; i++) for (j = 1; j <= m; j++)
                print "deb-src " opt u[i] " " s[j] " " comps
            }
            types = uris = suites = comps = signed = ""
          }
          /^[[:space:]]*#/ { next }
          /^[[:space:]]*$/ { flush(); next }
          { key = tolower($1); sub(/:$/, "", key); $1 = ""; sub(/^ +/, "")
            if (key == "types") types = $0; else if (key == "uris") uris = $0
            else if (key == "suites") suites = $0; else if (key == "components") comps = $0
            else if (key == "signed-by") signed = $0
            else if (key == "enabled" && tolower($0) == "no") types = "" }
          END { flush() }' "$f" ;;
      *)
        sed -nE '/^[[:space:]]*deb[[:space:]].*debian/s/^[[:space:]]*deb[[:space:]]/deb-src /p' "$f" ;;
    esac
  done < <(apt_files) | awk '!seen[$0]++'
}

ensure_deb_src() {
  if have_deb_src; then return 0; fi
  local list=/etc/apt/sources.list.d/stipple-src.list lines
  lines="$(derive_deb_src)"
  if [ -z "$lines" ]; then
    echo "web: no deb-src entry and no Debian archive in /etc/apt to derive one from;" >&2
    echo "     add a deb-src line for your Debian mirror and run again" >&2
    exit 1
  fi
  if [ "$(id -u)" -ne 0 ] && [ -z "$SUDO" ]; then
    echo "web: need root (or sudo) to add $list" >&2
    exit 1
  fi
  echo "web: adding source entries (deb-src) derived from the machine's apt sources to $list:"
  printf '%s\n' "$lines" | sed 's/^/   /'
  { echo "# Added by Stipple's scripts/web.sh: Debian's source packages of the libraries of docs/web.md."
    printf '%s\n' "$lines"; } | $SUDO tee "$list" >/dev/null
  $SUDO apt-get update -q
}

# Fetch and unpack each source package once into $cache/src/<package>/ (apt-get source runs
# dpkg-source, which applies Debian's patches). A package's folder is its stamp.
fetch_sources() {
  local p missing=()
  for p in "${SRC_PACKAGES[@]}"; do [ -f "$cache/src/$p/.done" ] || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  ensure_deb_src
  # Source indexes may be missing even with a deb-src entry (never updated since it was added).
  if ! apt-cache showsrc "${missing[0]}" >/dev/null 2>&1 || [ -z "$(apt-cache showsrc "${missing[0]}" 2>/dev/null)" ]; then
    $SUDO apt-get update -q
  fi
  for p in "${missing[@]}"; do
    echo "web: fetching Debian's source of $p"
    rm -rf "$cache/src/$p" && mkdir -p "$cache/src/$p"
    (cd "$cache/src/$p" && nice apt-get source -q "$p" >fetch.log 2>&1) || {
      cat "$cache/src/$p/fetch.log" >&2; echo "web: apt-get source $p failed" >&2; exit 1; }
    local d
    d="$(find "$cache/src/$p" -mindepth 1 -maxdepth 1 -type d | head -n 1)"
    [ -n "$d" ] || { echo "web: apt-get source $p unpacked nothing" >&2; exit 1; }
    ln -sfn "$(basename "$d")" "$cache/src/$p/tree"
    touch "$cache/src/$p/.done"
  done
}

# ---- the libraries, for WebAssembly, into $cache/<lib>/{include,lib} -------------------------
# Each is built once: its lib/*.a is its stamp (delete the folder to rebuild it).

# Compile the C files given after -- in parallel into objects in $1, then archive them as $2.
emcc_archive() {
  local objdir="$1" archive="$2"; shift 2
  local flags=() ; while [ "$1" != "--" ]; do flags+=("$1"); shift; done; shift
  mkdir -p "$objdir" "$(dirname "$archive")"
  printf '%s\n' "$@" | nice xargs -P "$jobs" -I{} sh -c \
    'f="$1"; shift; o="$0/$(basename "${f%.c}").o"; emcc "$@" -c "$f" -o "$o"' "$objdir" {} "${flags[@]}"
  rm -f "$archive"
  emar rcs "$archive" "$objdir"/*.o
}

# Lua 5.4 with Debian's flags (-DLUA_COMPAT_5_3, POSIX without dlopen: nothing to load on the
# web). Debian's luaconf.h includes lua5.4-deb-multiarch.h, made by debian/rules at build
# time: we write our own with the wasm triplet.
build_lua() {
  local d="$cache/lua" src="$cache/src/lua5.4/tree/src"
  [ -f "$d/lib/liblua.a" ] && return 0
  echo "web: building Lua 5.4 for wasm"
  rm -rf "$d" && mkdir -p "$d/include"
  printf '%s\n' '#ifndef _LUA_DEB_MULTIARCH_' '#define _LUA_DEB_MULTIARCH_' \
    '#define DEB_HOST_MULTIARCH "wasm32-emscripten"' '#endif' > "$d/include/lua5.4-deb-multiarch.h"
  local files=() f
  for f in lapi lcode lctype ldebug ldo ldump lfunc lgc llex lmem lobject lopcodes lparser lstate \
           lstring ltable ltm lundump lvm lzio lauxlib lbaselib lcorolib ldblib liolib lmathlib \
           loadlib loslib lstrlib ltablib lutf8lib linit; do files+=("$src/$f.c"); done
  emcc_archive "$d/obj" "$d/lib/liblua.a" -O2 -std=gnu99 -DLUA_COMPAT_5_3 -DLUA_USE_POSIX \
    -I"$d/include" -- "${files[@]}"
  cp "$src"/lua.h "$src"/luaconf.h "$src"/lualib.h "$src"/lauxlib.h "$d/include/"
}

# cJSON: one file; the engine includes <cjson/cJSON.h>.
build_cjson() {
  local d="$cache/cjson" src="$cache/src/cjson/tree"
  [ -f "$d/lib/libcjson.a" ] && return 0
  echo "web: building cJSON for wasm"
  rm -rf "$d" && mkdir -p "$d/include/cjson"
  emcc_archive "$d/obj" "$d/lib/libcjson.a" -O2 -std=c89 -- "$src/cJSON.c"
  cp "$src/cJSON.h" "$d/include/cjson/"
}

# Little CMS 2: the colour science of the core (CIELAB, CIEDE2000).
build_lcms2() {
  local d="$cache/lcms2" src="$cache/src/lcms2/tree"
  [ -f "$d/lib/liblcms2.a" ] && return 0
  echo "web: building Little CMS 2 for wasm"
  rm -rf "$d" && mkdir -p "$d/include"
  emcc_archive "$d/obj" "$d/lib/liblcms2.a" -O2 -I"$src/include" -- "$src"/src/*.c
  cp "$src/include/lcms2.h" "$d/include/"
}

# SDL2, static, with only what the game uses: video (the emscripten driver, the GLES2 renderer
# on WebGL, and the software one), render, events, timers, and what they stand on (atomics,
# threads as SDL's generic stubs, RWops, CPU info, the base path). No audio: the game's sounds
# stay silent in the browser (stp_sound.c is silent without a device); joystick, haptic,
# HIDAPI, power, sensor, locale, misc and loadso are off (their API files compile to stubs).
# SDL's sources are compiled straight with emcc from the list below and SDL's own
# include/SDL_config_emscripten.h, narrowed by a few lines: SDL's CMake configure under
# emcmake ran ~1,000 emcc checks and took ~3 minutes of the ~3.3 a clean build took.
SDL2_RECIPE=3   # bump when the list or the config changes: a cache built otherwise is rebuilt
build_sdl2() {
  local d="$cache/sdl2" src="$cache/src/libsdl2/tree"
  [ -f "$d/lib/libSDL2.a" ] && [ "$(cat "$d/recipe" 2>/dev/null)" = "$SDL2_RECIPE" ] && return 0
  echo "web: building SDL2 for wasm (its sources straight with emcc)"
  rm -rf "$d" && mkdir -p "$d/include/SDL2"
  cp "$src"/include/*.h "$d/include/SDL2/"
  # The installed SDL_config.h: SDL's emscripten config, then only the subsystems used.
  cat > "$d/include/SDL2/SDL_config.h" <<'CFG'
/* SDL_config.h of Stipple's browser build (scripts/web.sh build_sdl2): SDL's own
 * configuration for emscripten, then only the subsystems the game uses. */
#ifndef SDL_config_h_
#define SDL_config_h_
#include "SDL_config_emscripten.h"
#define HAVE_LIBC 1
#define HAVE_FLOAT_H 1
#define HAVE_STDDEF_H 1
#undef SDL_AUDIO_DRIVER_DISK
#undef SDL_AUDIO_DRIVER_DUMMY
#undef SDL_AUDIO_DRIVER_EMSCRIPTEN
#define SDL_AUDIO_DISABLED 1
#undef SDL_JOYSTICK_EMSCRIPTEN
#define SDL_JOYSTICK_DISABLED 1
#define SDL_SENSOR_DISABLED 1
#undef SDL_SENSOR_DUMMY
#undef SDL_LOADSO_DLOPEN
#define SDL_LOADSO_DISABLED 1
#undef SDL_POWER_EMSCRIPTEN
#define SDL_POWER_DISABLED 1
#define SDL_LOCALE_DISABLED 1
#define SDL_MISC_DISABLED 1
#endif
CFG
  local s="$src/src" files=()
  mapfile -t files < <(ls "$s"/*.c "$s"/atomic/*.c "$s"/audio/*.c "$s"/cpuinfo/*.c "$s"/events/*.c \
    "$s"/file/SDL_rwops.c "$s"/filesystem/emscripten/*.c "$s"/haptic/SDL_haptic.c "$s"/haptic/dummy/*.c \
    "$s"/hidapi/SDL_hidapi.c "$s"/joystick/SDL_joystick.c "$s"/joystick/SDL_gamecontroller.c \
    "$s"/joystick/controller_type.c "$s"/joystick/dummy/*.c "$s"/libm/*.c "$s"/loadso/dummy/*.c \
    "$s"/locale/*.c "$s"/locale/dummy/*.c "$s"/misc/SDL_url.c "$s"/misc/dummy/*.c "$s"/power/SDL_power.c \
    "$s"/render/SDL_render.c "$s"/render/SDL_yuv_sw.c "$s"/render/opengles2/*.c "$s"/render/software/*.c \
    "$s"/sensor/SDL_sensor.c "$s"/sensor/dummy/*.c "$s"/stdlib/*.c "$s"/thread/SDL_thread.c \
    "$s"/thread/generic/*.c "$s"/timer/SDL_timer.c "$s"/timer/unix/*.c "$s"/video/*.c \
    "$s"/video/emscripten/*.c "$s"/video/yuv2rgb/*.c)
  # SDL's own flags for a release build (its CMakeLists: -O3; its software renderer's
  # stretches and blits are most of a frame in the browser).
  emcc_archive "$d/obj" "$d/lib/libSDL2.a" -O3 -DNDEBUG -DSDL_STATIC_LIB -fno-strict-aliasing \
    -fvisibility=hidden -Wno-warn-absolute-paths -idirafter "$s/video/khronos" -I"$d/include/SDL2" -- "${files[@]}"
  echo "$SDL2_RECIPE" > "$d/recipe"
}

# SDL2_image 2.6, for the game's icons (PNG) and the F12 screenshot: only its PNG path, with
# the stb_image and miniz its source package carries (no libpng, zlib or the other formats;
# each IMG_*.c compiles to nothing for a format not asked for).
build_sdl2_image() {
  local d="$cache/sdl2_image" src="$cache/src/libsdl2-image/tree"
  # Its header goes beside SDL2's own: it includes "SDL.h", which must not find emscripten's
  # old SDL 1 headers (emcc adds them to every include path).
  [ -f "$d/lib/libSDL2_image.a" ] && [ -f "$cache/sdl2/include/SDL2/SDL_image.h" ] && return 0
  echo "web: building SDL2_image for wasm (PNG only)"
  rm -rf "$d" && mkdir -p "$d/include"
  local files=() f
  for f in "$src"/IMG*.c; do [ "$(basename "$f")" = IMG_WIC.c ] || files+=("$f"); done
  emcc_archive "$d/obj" "$d/lib/libSDL2_image.a" -O2 -DLOAD_PNG -DUSE_STBIMAGE -DSDL_IMAGE_SAVE_PNG=1 \
    -I"$cache/sdl2/include/SDL2" -I"$src" -- "${files[@]}"
  cp "$src/SDL_image.h" "$cache/sdl2/include/SDL2/"
}

# stb_truetype from Debian's libstb-dev (the header the desktop build uses; its libstb.so is
# the same header compiled): compiled for wasm from /usr/include/stb.
build_stb() {
  local d="$cache/stb"
  [ -f "$d/lib/libstb.a" ] && return 0
  echo "web: building stb_truetype for wasm (Debian's libstb-dev header)"
  rm -rf "$d" && mkdir -p "$d/include" "$d/obj"
  cp /usr/include/stb/stb_truetype.h "$d/include/"
  printf '%s\n' '#define STB_TRUETYPE_IMPLEMENTATION' '#include "stb_truetype.h"' > "$d/obj/stb_truetype.c"
  emcc_archive "$d/obj" "$d/lib/libstb.a" -O2 -I"$d/include" -- "$d/obj/stb_truetype.c"
}

# libsodium, for the hashes of engine/cert/stp_keys.c: the game's input record names its
# scenario by SHA-256, as on the desktop. Its 106 files compiled straight (no configure: the
# portable C, no assembly, randombytes from the browser's crypto.getRandomValues, which the
# source does for __EMSCRIPTEN__); version.h from its template.
build_sodium() {
  local d="$cache/sodium" src="$cache/src/libsodium/tree/src/libsodium"
  [ -f "$d/lib/libsodium.a" ] && return 0
  echo "web: building libsodium for wasm"
  rm -rf "$d" && mkdir -p "$d/include/sodium" "$d/gen/sodium"
  local ac="$src/../../configure.ac" ver maj min
  ver="$(sed -n 's/^AC_INIT(\[libsodium\],\[\([0-9.]*\)\].*/\1/p' "$ac")"
  maj="$(sed -n 's/^SODIUM_LIBRARY_VERSION_MAJOR=//p' "$ac")"; min="$(sed -n 's/^SODIUM_LIBRARY_VERSION_MINOR=//p' "$ac")"
  [ -n "$ver" ] && [ -n "$maj" ] && [ -n "$min" ] || { echo "web: cannot read libsodium's version from $ac" >&2; exit 1; }
  sed -e "s/@VERSION@/$ver/" -e "s/@SODIUM_LIBRARY_VERSION_MAJOR@/$maj/" \
      -e "s/@SODIUM_LIBRARY_VERSION_MINOR@/$min/" -e 's/@SODIUM_LIBRARY_MINIMAL_DEF@//' \
      "$src/include/sodium/version.h.in" > "$d/gen/sodium/version.h"
  local files=()
  mapfile -t files < <(find "$src" -name '*.c' | sort)
  emcc_archive "$d/obj" "$d/lib/libsodium.a" -O2 -DCONFIGURED=1 -DNATIVE_LITTLE_ENDIAN=1 -DHAVE_WEAK_SYMBOLS=1 \
    -Wno-unused-command-line-argument -I"$d/gen" -I"$d/gen/sodium" -I"$src/include" -I"$src/include/sodium" -- "${files[@]}"
  cp -r "$src/include/sodium.h" "$d/include/"
  cp -r "$src/include/sodium/"*.h "$d/include/sodium/"
  cp "$d/gen/sodium/version.h" "$d/include/sodium/"
}

# GEOS 3.11 (the core's shape algebra through its C API, geos_c.h): C++, its 382 src/**/*.cpp,
# ryu's d2s.c and the C API's geos_c.cpp and geos_ts_c.cpp compiled straight with em++ (no
# CMake configure), into one archive with both the C++ library and the C API. All of src is
# built: geos_ts_c.cpp calls into nearly every part of it, and the linker takes from the
# archive only the objects a program references, so a narrower list would save build time
# only, at the risk of a link that breaks when the core calls one more function.
# -fexceptions: GEOS reports errors, and retries its robust overlay, by throwing C++
# exceptions that it catches itself (the C API turns them into the error handler's message
# and a NULL); emscripten's default compiles catch blocks out, so the first exception would
# abort the program. The programs that link GEOS link with -fexceptions too (web/CMakeLists.txt).
# Its two generated headers (geos_c.h, geos/version.h) from their .in templates, with the
# versions of its Version.txt, as its CMakeLists does.
GEOS_RECIPE=1   # bump when the files or flags change: a cache built otherwise is rebuilt
build_geos() {
  local d="$cache/geos" src="$cache/src/geos/tree"
  [ -f "$d/lib/libgeos.a" ] && [ "$(cat "$d/recipe" 2>/dev/null)" = "$GEOS_RECIPE" ] && return 0
  echo "web: building GEOS for wasm (its sources straight with em++; a few minutes, once)"
  rm -rf "$d" && mkdir -p "$d/include/geos" "$d/gen/geos" "$d/obj" "$d/lib"
  local vt="$src/Version.txt" k maj min pat jts cur rev age
  geos_v() { sed -n "s/^$1=\([0-9A-Za-z.]*\).*/\1/p" "$vt"; }
  maj="$(geos_v GEOS_VERSION_MAJOR)"; min="$(geos_v GEOS_VERSION_MINOR)"; pat="$(geos_v GEOS_VERSION_PATCH)"
  jts="$(geos_v JTS_PORT)"; cur="$(geos_v CAPI_INTERFACE_CURRENT)"; rev="$(geos_v CAPI_INTERFACE_REVISION)"; age="$(geos_v CAPI_INTERFACE_AGE)"
  for k in "$maj" "$min" "$pat" "$jts" "$cur" "$rev" "$age"; do
    [ -n "$k" ] || { echo "web: cannot read GEOS's versions from $vt" >&2; exit 1; }
  done
  local ver="$maj.$min.$pat" capi="$((cur - age)).$age.$rev"
  local subst=(-e "s/@VERSION@/$ver/g" -e "s/@VERSION_MAJOR@/$maj/g" -e "s/@VERSION_MINOR@/$min/g"
               -e "s/@VERSION_PATCH@/$pat/g" -e "s/@JTS_PORT@/$jts/g" -e "s/@CAPI_VERSION@/$capi/g"
               -e "s/@CAPI_VERSION_MAJOR@/$((cur - age))/g" -e "s/@CAPI_VERSION_MINOR@/$age/g"
               -e "s/@CAPI_VERSION_PATCH@/$rev/g")
  sed "${subst[@]}" "$src/capi/geos_c.h.in" > "$d/gen/geos_c.h"
  sed "${subst[@]}" "$src/include/geos/version.h.in" > "$d/gen/geos/version.h"
  if grep -q '@[A-Z_]*@' "$d/gen/geos_c.h" "$d/gen/geos/version.h"; then
    echo "web: GEOS's headers kept a placeholder: $(grep -ho '@[A-Z_]*@' "$d/gen/geos_c.h" "$d/gen/geos/version.h" | sort -u | tr '\n' ' ')" >&2
    exit 1
  fi
  # Objects named by their path (src has several Edge.cpp, Node.cpp, ...).
  local files=()
  mapfile -t files < <(cd "$src" && { find src -name '*.cpp'; echo capi/geos_c.cpp; echo capi/geos_ts_c.cpp; } | sort)
  printf '%s\n' "${files[@]}" | (cd "$src" && nice xargs -P "$jobs" -I{} sh -c \
    'o="$0/$(echo "$1" | tr / _).o"; em++ -O2 -std=c++14 -DNDEBUG -DUSE_UNSTABLE_GEOS_CPP_API -fexceptions \
       -I"$2" -Iinclude -Isrc/deps -c "$1" -o "$o"' "$d/obj" {} "$d/gen")
  (cd "$src" && nice emcc -O2 -DNDEBUG -Isrc/deps -c src/deps/ryu/d2s.c -o "$d/obj/src_deps_ryu_d2s.o")
  [ "$(find "$d/obj" -name '*.o' | wc -l)" -eq $((${#files[@]} + 1)) ] ||
    { echo "web: GEOS: $(find "$d/obj" -name '*.o' | wc -l) objects for $((${#files[@]} + 1)) files" >&2; exit 1; }
  emar rcs "$d/lib/libgeos.a" "$d/obj"/*.o
  # The C API's header and what it includes (geos/export.h); version.h for GEOS_VERSION.
  cp "$d/gen/geos_c.h" "$d/include/"
  cp "$src/include/geos/export.h" "$d/gen/geos/version.h" "$d/include/geos/"
  echo "$GEOS_RECIPE" > "$d/recipe"
}

# ---- main ------------------------------------------------------------------------------------
t0=$SECONDS
"$here/scripts/deps.sh" --web
mkdir -p "$cache"
fetch_sources
echo "web: sources ready ($((SECONDS - t0)) s)"
mkdir -p "$cache/build"
for lib in lua cjson lcms2 sdl2 sdl2_image stb sodium geos; do
  t1=$SECONDS; "build_$lib"; echo "web: $lib ready ($((SECONDS - t1)) s)"
done

# The engine's layers (web/CMakeLists.txt: the desktop's engine/*/CMakeLists.txt, unchanged).
t1=$SECONDS
nice emcmake cmake -S "$here/web" -B "$out/engine" -DSTIPPLE_WEB_CACHE="$cache" >"$out/engine.log" 2>&1 ||
  { cat "$out/engine.log" >&2; exit 1; }
nice cmake --build "$out/engine" -j "$jobs" >>"$out/engine.log" 2>&1 ||
  { grep -E -A3 'error|Error' "$out/engine.log" >&2; echo "web: the engine's wasm build failed (build-web/engine.log)" >&2; exit 1; }
echo "web: engine ready ($((SECONDS - t1)) s): build-web/engine/core/libstipple_core.a," \
     "script/libstipple_script.a, stipple_web_score.js"
echo "web: built in $((SECONDS - t0)) s"
[ "$mode" = --build ] && exit 0

# ---- serving to a tablet (no argument, or --serve) ---------------------------------------------
# The certificate for https (a service worker and installing need a secure context): a CA of
# its own limited by name constraints to localhost, this host and its current addresses, whose
# key is deleted once it has signed the server's (scripts/web-cert.sh); made again when the
# names change.
make_cert() {
  local tls="$out/tls" names
  command -v openssl >/dev/null 2>&1 || { echo "web: installing openssl"; $SUDO apt-get install -y -q openssl >/dev/null; }
  # The names a certificate can hold (web-cert.sh's rule), one a line, no blank one: what
  # names.txt records, so an unchanged machine keeps its certificate.
  names="$(printf '%s\n' localhost "$(hostname 2>/dev/null)" 127.0.0.1 $(hostname -I 2>/dev/null | tr ' ' '\n' | grep -E '^[0-9.]+$' | sort -u) |
           grep -E '^([0-9]{1,3}(\.[0-9]{1,3}){3}|[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?)$' || true)"
  if [ -f "$tls/cert.pem" ] && [ -f "$tls/key.pem" ] && [ "$(cat "$tls/names.txt" 2>/dev/null)" = "$names" ]; then return 0; fi
  echo "web: making a certificate for $(echo $names | tr ' ' ',') (build-web/tls/)"
  # shellcheck disable=SC2086
  "$here/scripts/web-cert.sh" "$tls" $names
}
if [ "$mode" = --serve ]; then
  make_cert
  # The certificate, for the tablet to install (Settings on iPad, Security on Android): served
  # at /stipple-cert.crt but kept out of the site (the service worker precaches the site).
  echo "web: the certificate for a tablet to trust: build-web/tls/stipple-cert.crt (also served as /stipple-cert.crt)"
  exec node "$here/web/serve.mjs" --dir "$out/site" --port "${STIPPLE_WEB_PORT:-8080}" \
       --https-port "${STIPPLE_WEB_HTTPS_PORT:-8443}" --cert "$out/tls/cert.pem" --key "$out/tls/key.pem" \
       --offer-cert "$out/tls/stipple-cert.crt"
fi

# ---- --check: a work scores identically in wasm and on the desktop ---------------------------
# The wasm program writes the expert work of the tests (stp_gen_expert, seed 1) of every bundled
# case and scores it; the desktop `stipple score --json` scores the same file; the two outputs
# (every criterion, figure and advice) must be byte-identical. Then the same for a hand-written
# work of the practice field.
"$here/scripts/deps.sh" >/dev/null
nice cmake -S "$here" -B "$here/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
nice cmake --build "$here/build" -j "$jobs" --target stipple >/dev/null
desk="$here/build/engine/app/stipple"
web=(node "$out/engine/stipple_web_score.js")
chk="$out/check"
rm -rf "$chk" && mkdir -p "$chk"
cd "$here"   # relative scenario paths: the JSON names the file as given, on both sides
failed=0
compare() {   # name scenario work [--expert SEED]
  local name="$1" scn="$2" work="$3"; shift 3
  if ! "${web[@]}" --scenario "$scn" --work "$work" "$@" >"$chk/$name.web.json" 2>"$chk/$name.web.err"; then
    echo "web: $name: the wasm program failed: $(cat "$chk/$name.web.err")"; failed=1; return
  fi
  "$desk" score --json --scenario "$scn" --work "$work" >"$chk/$name.desktop.json" || {
    echo "web: $name: stipple score failed"; failed=1; return; }
  local line; line="$(tail -n 1 "$chk/$name.web.err" | sed 's/^web: //')"
  if cmp -s "$chk/$name.web.json" "$chk/$name.desktop.json"; then
    echo "web: identical  $name  $line"
  else
    echo "web: DIFFERENT  $name  $line"; diff "$chk/$name.web.json" "$chk/$name.desktop.json" | head -n 12; failed=1
  fi
}
for scn in scenarios/[0-9]*.lua; do
  name="$(basename "$scn" .lua)"
  compare "$name" "$scn" "$chk/$name.expert.csv" --expert 1
done
compare hand_practice_40 scenarios/01_practice_field.lua tests/data/hand/practice_40.csv
if [ $failed -ne 0 ]; then echo "web: the browser build does not score as the desktop (build-web/check/)"; exit 1; fi
echo "web: every work scores identically in wasm (node) and on the desktop"
