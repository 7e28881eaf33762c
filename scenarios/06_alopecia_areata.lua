-- 06_alopecia_areata.lua: two patches of alopecia areata.
--
-- Alopecia areata leaves round or oval, coin-sized patches of smooth skin that can
-- merge (../shared/domain/smp.md). SMP camouflages them once they have been stable
-- for 12 months: the trainee matches the surrounding stubble's density and shade
-- inside each patch so the edge disappears. alopecia_patch { } draws the patch on
-- the skin (smooth, slightly shiny, no stubble); the zones are the same ovals with
-- a 3 mm margin to feather into the hair around them.

local stubble = "#2a2320"

local p1 = { x = -38, y = 150, rx = 18, ry = 13, rotation = 20 }   -- left of the mid-scalp
local p2 = { x = 32, y = 228, rx = 14, ry = 14 }                   -- right of the crown: round

scenario {
  id = "alopecia-areata",
  title = "Two alopecia areata patches",
  brief = "Your client is 29 and has two stable patches of alopecia areata (no change for over "
       .. "a year): an oval on the left of the mid-scalp and a round one right of the crown. "
       .. "The rest of the head is shaved stubble. Fill each patch at about 30 impressions per "
       .. "cm2, feathering 3 mm past its edge into the stubble, so that the patch can no longer "
       .. "be seen. Keep to the outlines: dots outside them darken the normal scalp.",
  difficulty = 2,
  sessions = 2,
  pass_mark = 70,
  seed = 606,

  client = { skin = 2, heal_lightening = 0.25, age = 29 },

  hair = {
    { shape = norwood(1).hair[1].shape, density = 80, color = stubble, length = 0.5 },
    { shape = norwood(1).hair[2].shape, density = 80, color = stubble, length = 0.5 },
  },

  patches = {
    alopecia_patch(p1),
    alopecia_patch(p2),
  },

  zones = {
    { id = "patch-left", name = "Left patch",
      shape = ellipse { x = p1.x, y = p1.y, rx = p1.rx + 3, ry = p1.ry + 3, rotation = p1.rotation },
      density = 30, tolerance = 6, angle = 270, depth = 1.0 },
    { id = "patch-right", name = "Right patch",
      shape = circle { x = p2.x, y = p2.y, r = p2.rx + 3 },
      density = 30, tolerance = 6, angle = 300, depth = 1.0 },
  },

  -- Every case judges grain, density and shade. A gate fails the work whatever its overall
  -- score: ink off the plan, bare or crowded areas, the wrong shade, a blown-out or faded
  -- depth, a ruled grid, grain across the flow (docs/scoring.md, "Gates").
  rubric = {
    density  = { weight = 0.30, gate = 70 },   -- the level and coverage at 1 cm2, in every zone
    spacing  = { weight = 0.15, pattern_weight = 0.5, max_merged_fraction = 0.2, gate = 60 },   -- merges; half: a natural pattern
    grain    = { weight = 0.15, gate = 60 },   -- degrees off the hair's flow
    shade    = { weight = 0.15, gate = 50 },   -- the healed colour against the target
    depth    = { weight = 0.10, gate = 50 },   -- dots outside the depth window
    boundary = { weight = 0.15, gate = 60 },   -- ink outside the plan (1 mm margin, 1 % allowed)
    look     = { weight = 0.10, gate = 40 },   -- the tone from 1 m against the plan's; scars against the skin
  },
}
