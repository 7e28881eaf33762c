-- 08_fue_scars.lua: punctate FUE scars in the donor area.
--
-- FUE harvests single follicular units with a small punch and leaves many white
-- round dot scars about 0.8 mm across in the donor area (../shared/domain/smp.md).
-- They show when the head is shaved. They may be toned to the skin rather than
-- given "hair" dots; here the trainee adds density over the whole donor area so the
-- white dots are lost among hair-like impressions. fue_scars { } scatters the scars
-- (deterministically, from its seed); the donor zone is marked as scar tissue with a
-- milder change than a strip scar. The outlined donor area is the middle of the back of
-- the head where the punches were densest (about 75 cm2: 2,250 impressions, some 15 minutes
-- at 2.5 a second: `stipple check`).

local donor = ellipse { x = 0, y = 335, rx = 80, ry = 30 }

scenario {
  id = "fue-scars",
  title = "FUE punctate scars",
  brief = "Your client is 41. Two FUE transplants left about thirty small white dot scars in "
       .. "the donor area at the back of his head, visible when he shaves. Cover the outlined "
       .. "donor area evenly at about 30 impressions per cm2 in his stubble's shade, placing dots "
       .. "between and over the white scars so they no longer catch the eye. Do not try to "
       .. "fill each white dot with pigment: that only outlines it.",
  difficulty = 2,
  sessions = 2,
  pass_mark = 70,
  seed = 808,
  -- Scar tissue holds less pigment: a dilution between full strength and 0.7 reaches his
  -- stubble's shade on it.
  tools = { inks = { 1.0, 0.85, 0.7, 0.5, 0.35, 0.25 } },

  client = { skin = 3, heal_lightening = 0.25, age = 41 },
  hair = norwood(1).hair,

  patches = {
    -- 30 dot scars at least 4 mm apart; change seed for another layout
    fue_scars { count = 30, region = ellipse { x = 0, y = 335, rx = 72, ry = 24 }, seed = 8, gap = 4 },
  },

  zones = {
    { id = "donor", name = "Donor area", shape = donor,
      role = "scar", uptake = 0.8, spread = 1.15,
      density = 30, tolerance = 6, angle = 90, depth = 1.0 },
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
