-- 09_ludwig2_part.lua: female thinning along the part (Ludwig II) among long hair.
--
-- Female pattern loss is diffuse: the frontal hairline is kept, and the scalp shows
-- through along the part, widening toward the front ("Christmas tree"). Ludwig I
-- thins within a band 1-3 cm behind the preserved hairline; II is wider and more
-- visible; III nearly bares the top (../shared/domain/smp.md). SMP does not replace
-- hair here: it darkens the scalp between the remaining long hairs so the part
-- stops shining through. ludwig(2, ...) returns the thinning band, the part line
-- and the long hair on either side.

local loss = ludwig(2, {
  part = { from = { 2, 92 }, to = { 6, 200 } },   -- slightly off-centre, as most parts are
  density = 80, color = "#4a3424", length = 180,    -- long brown hair, 18 cm
})

scenario {
  id = "ludwig2-part",
  title = "Thinning along the part (Ludwig II)",
  brief = "Your client is 52, Fitzpatrick II, with long brown hair that she parts near the "
       .. "middle. The scalp shows along the part (Ludwig II). Move the hair aside (A) and "
       .. "work inside the outlined band only: add fine, light impressions at about 20 per "
       .. "cm2 so the skin along the part reads darker, like shadow between hairs. Use a fine "
       .. "needle and match the shade of her roots on this fair skin: too dark a dot shows as a dot. "
       .. "Stay inside the band: dots outside it are wasted under the hair, or worse, visible.",
  difficulty = 3,
  sessions = 2,
  pass_mark = 70,
  seed = 909,

  client = { skin = 2, heal_lightening = 0.3, age = 52 },
  hair = loss.hair,
  part = loss.part,                     -- the long hair parts along this line

  zones = {
    { id = "part", name = "Part", shape = loss.thinning,
      density = 20, tolerance = 5, angle = 270, depth = 0.8 },
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

  tools = { needles = { 0.18, 0.25 } },
}
