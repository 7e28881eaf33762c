-- 07_fut_scar.lua: camouflaging a FUT strip scar.
--
-- A FUT hair transplant leaves one long linear scar across the back of the head
-- (../shared/domain/smp.md, "scars"). Scar tissue is fibrous: it takes less pigment
-- and lets a dot spread further, so the scar zone below says so (role = "scar",
-- uptake, spread). Scars should be 6-12 months healed before SMP; flat, smooth
-- scars take it best; they fade faster than normal skin (Liu et al. 2025), so a
-- touch-up session is planned.
-- The work: fill the scar itself at the density of the stubble around it, and
-- feather two bands above and below so that the scar's edges disappear.

-- The shapes come from the client's landmarks and the building blocks (docs/scenario-api.md,
-- "Landmarks", "Conditions from landmarks"): the strip lies across the occiput between the
-- ears, 5 cm above the occipital protuberance, its ends rising 10 mm.
head { age = 47 }
local strip = fut_strip { length = 200, width = 4, seed = 707 }   -- the visible scar (a patch)

-- The scar zone: the scar and a 2.5 mm margin round it. The feather: a 15 mm band round that
-- (band() of the shape, so it follows the scar's curve and wraps its ends), cut along the
-- scar's centre line into the band above (toward the crown) and the band below.
local scar_zone = offset(strip.shape, 2.5)
local feather = band(scar_zone, 0, 15)
local above = intersect(feather, strip.upper)
local below = minus(feather, strip.upper)

scenario {
  id = "fut-scar",
  title = "FUT strip scar",
  brief = "Your client is 47 and had a FUT transplant two years ago. The linear scar across "
       .. "the back of his head (20 cm long, 4 mm wide, pale and slightly sunken) shows through "
       .. "his shaved stubble. Fill the scar at about 30 impressions per cm2 and feather the two "
       .. "bands above and below it at 20. Scar tissue takes less pigment and spreads each dot: "
       .. "go no deeper than usual, keep the spacing generous, and match his stubble's shade: the "
       .. "scar needs a stronger ink than the skin around it to heal to the same shade. Expect "
       .. "to come back for a second session.",
  difficulty = 3,
  sessions = 2,
  pass_mark = 70,
  seed = 707,

  client = { skin = 3, heal_lightening = 0.25, age = 47 },

  hair = norwood_loss { stage = 1 }.hair,   -- a full head of stubble (Norwood 1)

  patches = { strip.patch },

  zones = {
    { id = "scar", name = "Scar",
      shape = scar_zone,                -- the scar plus a margin
      role = "scar",
      uptake = 0.6,                     -- scar tissue holds 60 % of the pigment
      spread = 1.4,                     -- and a dot spreads 1.4 times as far
      density = 30, tolerance = 6, angle = 90, depth = 0.9 },
    { id = "above", name = "Blend above", shape = above,
      density = 20, tolerance = 5, angle = 90, depth = 1.0 },
    { id = "below", name = "Blend below", shape = below,
      density = 20, tolerance = 5, angle = 90, depth = 1.0 },
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
