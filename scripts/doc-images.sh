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

# picture NAME 'LUA' [RENDER OPTIONS]: the Lua sets hair, patches and zones (locals), then the case
# is rendered (with --zones, or the options given) into docs/img/cond_NAME.png, or docs/img/NAME.png
# when NAME starts with '='.
picture() {
  local name="$1" body="$2" file
  shift 2
  case "$name" in =*) name="${name#=}"; file="$name.png" ;; *) file="cond_$name.png" ;; esac
  cat >"$tmp/$name.lua" <<LUA
local hair, patches, zones = nil, {}, {}
$body
scenario { id = "doc-$name", title = "$name", brief = "a picture for docs/scenario-api.md",
           hair = hair, patches = patches, zones = zones }
LUA
  nice "$bin" render --scenario "$tmp/$name.lua" --work "$tmp/empty.csv" --head --size 480x400 \
    "${@:---zones}" --out "$tmp/$name.png" >/dev/null
  # the skin's fine texture makes a true-colour PNG ~150 KB: 128 colours keep it under 60 KB
  if command -v convert >/dev/null; then convert "$tmp/$name.png" -colors 128 "PNG8:$here/docs/img/$file"
  else cp "$tmp/$name.png" "$here/docs/img/$file"; fi
  echo "docs/img/$file ($(wc -c <"$here/docs/img/$file") bytes)"
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

# The landmarks of the standard head and of a larger, older client's (docs/scenario-api.md, "Landmarks").
picture =landmarks 'zones = { { id = "mfp", shape = circle { x = 0, y = landmark.mfp.y, r = 1 }, density = 20 } }' --landmarks
# Shape algebra (docs/scenario-api.md, "Shape algebra"): the example of that section.
picture =algebra 'local scar = fut_scar { y = 300, length = 200, width = 6 }.shape
local line = { {-62, 90}, {-30, 82}, {0, 80}, {30, 82}, {62, 90} }
local hairline_zone = band(line, 25, 0)
zones = { { id = "feather", shape = band(scar, 0, 10), density = 20 },
          { id = "hairline", shape = hairline_zone, density = 20 },
          { id = "top", shape = minus(circle { x = 0, y = 150, r = 60 }, hairline_zone), density = 20 } }'
# The hairline design exercise (docs/scenario-api.md, "Hairline design exercise"): case 15 with the
# expert's design (the landmark rules' own) and its work; the zone is cut from the design.
expert="$(dirname "$bin")/../../tests/gui_expert"
if [ -x "$expert" ]; then
  "$expert" "$here/scenarios/15_hairline_design.lua" "$tmp/design.csv" >/dev/null
  nice "$bin" render --scenario "$here/scenarios/15_hairline_design.lua" --work "$tmp/design.csv" --zones --landmarks \
    --size 480x360 --out "$tmp/design.png" >/dev/null
  if command -v convert >/dev/null; then convert "$tmp/design.png" -colors 128 "PNG8:$here/docs/img/design.png"
  else cp "$tmp/design.png" "$here/docs/img/design.png"; fi
  echo "docs/img/design.png ($(wc -c <"$here/docs/img/design.png") bytes)"
fi
