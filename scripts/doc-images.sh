#!/usr/bin/env bash
# Regenerate the pictures of the conditions built from landmarks in docs/img/ (docs/scenario-api.md,
# "Conditions from landmarks"): one small whole-head render per condition, made by `stipple render`
# from a scratch case that shows the condition's hair and patches and outlines its shapes as zones,
# reduced to 128 colours with ImageMagick's convert when it is there.
#   scripts/doc-images.sh [path/to/stipple]   (default build/engine/app/stipple)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
bin="${1:-$here/build/engine/app/stipple}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
export HOME="$tmp" XDG_DATA_HOME="$tmp"
printf 'x_mm,y_mm,angle_deg,depth_mm,needle_mm,ink,session,t_ms\n' >"$tmp/empty.csv"

# picture NAME 'LUA': the Lua sets hair, patches and zones (locals), then the case is rendered.
picture() {
  local name="$1" body="$2"
  cat >"$tmp/$name.lua" <<LUA
local hair, patches, zones = nil, {}, {}
$body
scenario { id = "doc-$name", title = "$name", brief = "a picture for docs/scenario-api.md",
           hair = hair, patches = patches, zones = zones }
LUA
  nice "$bin" render --scenario "$tmp/$name.lua" --work "$tmp/empty.csv" --head --zones --size 480x400 \
    --out "$tmp/$name.png" >/dev/null
  # the skin's fine texture makes a true-colour PNG ~150 KB: 128 colours keep it under 60 KB
  if command -v convert >/dev/null; then convert "$tmp/$name.png" -colors 128 "PNG8:$here/docs/img/cond_$name.png"
  else cp "$tmp/$name.png" "$here/docs/img/cond_$name.png"; fi
  echo "docs/img/cond_$name.png ($(wc -c <"$here/docs/img/cond_$name.png") bytes)"
}

picture norwood3 'local L = norwood_loss { stage = 3 }
hair = L.hair
zones = { { id = "bald", shape = L.bald, density = 20 },
          { id = "tl", shape = intersect(L.temples.left, L.bald), density = 10 },
          { id = "tr", shape = intersect(L.temples.right, L.bald), density = 10 } }'
picture norwood5 'local L = norwood_loss { stage = 5 }
hair = L.hair
zones = { { id = "front", shape = L.bald_front, density = 20 }, { id = "crown", shape = L.bald_crown, density = 20 } }'
picture norwood7 'local L = norwood_loss { stage = 7 }
hair = L.hair
zones = { { id = "blend", shape = L.blend, density = 10 }, { id = "top", shape = minus(L.bald, L.blend), density = 20 } }'
picture norwood4a 'local L = norwood_loss { stage = 4, variant = "A" }
hair = L.hair
zones = { { id = "bald", shape = L.bald, density = 20 } }'
picture norwood3v 'local L = norwood_loss { stage = 3, variant = "vertex" }
hair = L.hair
zones = { { id = "front", shape = L.bald_front, density = 20 }, { id = "crown", shape = L.bald_crown, density = 20 } }'
picture ludwig2 'local L = ludwig_loss { grade = 2, length = 0.5 }
hair = L.hair
zones = { { id = "thin", shape = L.thinning, density = 20 } }'
picture christmas_tree 'local L = christmas_tree { grade = 2, length = 0.5 }
hair = L.hair
zones = { { id = "thin", shape = L.thinning, density = 20 } }'
picture areata 'local A = areata { { x = -40, y = 150, r = 14 }, { x = -22, y = 165, r = 11, ry = 9 }, { x = 45, y = 230, r = 12 } }
hair, patches = A.hair, { A.patch }
zones = { { id = "patches", shape = A.shape, density = 20 }, { id = "blend", shape = minus(A.blend, A.shape), density = 10 } }'
picture fut_strip 'local F = fut_strip { }
hair, patches = norwood_loss { stage = 1 }.hair, { F.patch }
zones = { { id = "scar", shape = F.shape, density = 20 }, { id = "above", shape = F.above, density = 10 },
          { id = "below", shape = F.below, density = 10 } }'
picture fue_donor 'local D = fue_donor { count = 32, seed = 4, r = 1.2, gap = 12 }
hair, patches = norwood_loss { stage = 1 }.hair, { D.patches }
zones = { { id = "donor", shape = D.region, density = 20 } }'
picture craniotomy 'local C = craniotomy_scar { side = "right" }
hair, patches = norwood_loss { stage = 2 }.hair, { C.patch, C.marks }
zones = { { id = "scar", shape = C.shape, density = 20 }, { id = "feather", shape = C.feather, density = 10 } }'
picture burn 'local B = burn_scar { x = -70, y = 200, r = 32, seed = 2 }
hair, patches = B.hair, { B.patch }
zones = { { id = "burn", shape = B.shape, density = 20 }, { id = "feather", shape = B.feather, density = 10 } }'
