-- 01_practice_field.lua: a practice field for spacing and depth.
--
-- The first exercise of the course: one rectangle on the mid-scalp to fill
-- at a first-session density. Copy this file to start a scenario of your own;
-- every key is explained in docs/scenario-api.md.
--
-- Coordinates are millimetres on the flattened scalp chart:
--   origin  the glabella (between the eyebrows), on the midline
--   +y      back over the head: front hairline about y = 80 (60..100),
--           vertex about y = 180, inion (the bump at the back) about y = 350
--   +x      toward the client's RIGHT ear; ear to ear over the vertex ~360 mm
-- On screen the forehead is at the top, so +x is right and +y is down.

-- Existing short stubble the client keeps, so the scalp does not look bare.
-- The same dark brown for all of it: "#rrggbb" as in any colour picker.
local stubble = "#2a2320"

-- The right side of the head (x > 0). The left side is its mirror image.
local right_side = { {120, 110}, {160, 112}, {176, 200}, {168, 290}, {124, 290}, {128, 200} }
local left_side = {}
for i, p in ipairs(right_side) do
  left_side[i] = { -p[1], p[2] }        -- mirror: x -> -x
end

scenario {
  id = "practice-field",                -- a-z, 0-9, '-' and '_' only; names the autosave file
  title = "Practice field: spacing and depth",
  brief = "Fill the outlined rectangle on the mid-scalp with single impressions at an "
       .. "even spacing. Aim for 30 impressions per square centimetre (25 to 35 counts as "
       .. "on target), the light density of a first session. Keep every dot at least "
       .. "about 1 mm from its neighbours (at this density they sit about 1.8 mm apart) "
       .. "and work at a steady depth of about 1 mm: dots placed too close or too deep "
       .. "spread into each other as they heal and are counted as merged.",
  difficulty = 1,                       -- 1 (easy) .. 5
  time_limit = 0,                       -- seconds; 0 = no limit
  sessions = 1,                         -- one sitting: this drill is a single first session
  pass_mark = 70,                       -- overall score out of 100 needed to pass

  client = {
    skin = 3,                           -- Fitzpatrick type III
    heal_lightening = 0.25,             -- healed dots come out a quarter lighter
  },

  hair = {
    { shape = polygon(right_side), density = 80, color = stubble, length = 0.5 },
    { shape = polygon(left_side),  density = 80, color = stubble, length = 0.5 },
    -- the back of the head, around and below the inion
    { shape = ellipse { x = 0, y = 350, rx = 130, ry = 60 }, density = 80, color = stubble, length = 0.5 },
  },

  zones = {
    {
      id = "field",
      name = "Practice field",
      -- 40 x 30 mm (12 cm2) on the mid-scalp, between the hairline and the vertex.
      shape = rect { x = -20, y = 120, w = 40, h = 30 },
      density = 30,                     -- impressions per cm2 (natural hair: 80..100 units per cm2)
      tolerance = 5,                    -- 25..35 per cm2 counts as on target
      angle = 270,                      -- the grain points forward, toward the forehead
      depth = 1.0,                      -- target needle depth in mm
    },
  },

  -- What the score is made of; the weights are relative.
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

  -- Where pigment is stable: shallower heals away, deeper blurs and turns blue.
  depth_window = { shallow = 0.5, deep = 1.5 },

  -- No `view`: the screen starts framed on the zone with a 15 mm margin.
}
