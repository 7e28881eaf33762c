-- 03_crown_norwood5.lua: a Norwood 5 crown with its whorl.
--
-- The crown is where the grain is hardest: hair spirals out from the whorl,
-- tightest at its centre and loosening outward. From the domain notes
-- (../shared/domain/smp.md, "crown whorl"): usually a single whorl, clockwise
-- (51-94 % across studies), usually a little right of the midline (71 %); here
-- it sits at x = +10 mm, y = 205 mm and turns clockwise.
-- The crown is also the densest natural area, but this is a first session, so
-- the target is ~30 % of natural density (80-100 FU/cm2) at the centre, fading
-- toward the edge where the trainee must blend into the existing stubble.

local loss = norwood(5)
local crown = loss.bald[2]             -- the bald crown of a Norwood 5 (a circle, r 48 mm)

local WX, WY = 10, 205                  -- the whorl: centre and turning sense below

-- The zone: the bald crown plus a 6 mm margin to blend into the stubble around it.
local zone_shape = circle { x = 8, y = 205, r = 54 }

scenario {
  id = "crown-nw5",
  title = "Norwood 5 crown and its whorl",
  brief = "Your client is 45, Norwood 5, and wants the crown done first. Find the whorl (a "
       .. "little right of the midline) and place impressions whose grain spirals clockwise out "
       .. "of it: tight at the centre, opening up toward the edge. Aim for about 28 impressions "
       .. "per cm2 in the middle of the crown, fading to about 20 at the outline where you blend "
       .. "into the existing stubble. No rows, no circles of dots: a random, even scatter.",
  difficulty = 3,
  sessions = 3,
  pass_mark = 70,
  seed = 503,

  client = { skin = 3, heal_lightening = 0.25, age = 45 },
  hair = loss.hair,

  zones = {
    {
      id = "crown",
      name = "Crown",
      shape = zone_shape,
      -- A function of (x, y): Stipple samples it over the zone when the file loads.
      -- 28 per cm2 inside r = 40 mm of the whorl, easing to 20 at the outline.
      density = function(x, y)
        local r = math.sqrt((x - 8) ^ 2 + (y - 205) ^ 2)
        if r <= 40 then return 28 end
        return 28 - 8 * math.min(1, (r - 40) / 14)
      end,
      tolerance = 5,
      angle = whorl { x = WX, y = WY, sense = "clockwise", tightness = 60 },
      depth = 1.0,
    },
  },

  -- Every case judges grain, density and shade. A gate fails the work whatever its overall
  -- score: ink off the plan, bare or crowded areas, the wrong shade, a blown-out or faded
  -- depth, a ruled grid, grain across the flow (docs/scoring.md, "Gates").
  rubric = {
    density  = { weight = 0.30, gate = 70 },   -- the level and coverage at 1 cm2, in every zone
    spacing  = { weight = 0.15, pattern_weight = 0.5, max_merged_fraction = 0.2, gate = 60 },   -- merges; half: a natural pattern
    grain    = { weight = 0.15, tolerance = 12, zero = 45, gate = 60 },   -- degrees off the hair's flow
    shade    = { weight = 0.15, gate = 50 },   -- the healed colour against the target
    depth    = { weight = 0.10, gate = 50 },   -- dots outside the depth window
    boundary = { weight = 0.15, gate = 60 },   -- ink outside the plan (1 mm margin, 1 % allowed)
    look     = { weight = 0.10, gate = 40 },   -- the tone from 1 m against the plan's; scars against the skin
  },
}
