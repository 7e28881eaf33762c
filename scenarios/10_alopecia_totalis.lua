-- 10_alopecia_totalis.lua: alopecia totalis, the whole scalp.
--
-- No hair anywhere: the trainee builds the whole "shaved head" look from nothing,
-- so every target matters at once (../shared/domain/smp.md): a hairline designed
-- from the face (mid-frontal point ~8 cm above the glabella, a soft 8 mm ramp, a
-- 2-4 cm hairline zone), grain following the head's natural flow out of a
-- clockwise crown whorl a little right of the midline, a first session at ~30 % of
-- natural density (80-100 FU/cm2), and sides and back that are not forgotten.
-- The temple angles and the forehead stay empty.

local A = 109                           -- half-width of the top zones (the sides zone starts at 110)

local function design_y(x)
  return 84 + 0.004 * x * x + 0.6 * math.sin(x * 0.45)
end

local function strip(w, front, back)
  local pts, n = {}, 30
  for i = 0, n do local x = -w + 2 * w * i / n; pts[#pts + 1] = { x, front(x) } end
  for i = n, 0, -1 do local x = -w + 2 * w * i / n; pts[#pts + 1] = { x, back(x) } end
  return polygon(pts)
end
local function behind(d) return function(x) return design_y(x) + d end end

local crown_pts = { { -A, 190 }, { A, 190 } }
for i = 0, 6 do
  local t = i / 6 * math.pi / 2
  crown_pts[#crown_pts + 1] = { A - 30 + 29 * math.cos(t), 278 + 29 * math.sin(t) }
end
for i = 0, 6 do
  local t = math.pi / 2 + i / 6 * math.pi / 2
  crown_pts[#crown_pts + 1] = { -A + 30 + 29 * math.cos(t), 278 + 29 * math.sin(t) }
end

-- The sides and back: the horseshoe where a Norwood 7 keeps its hair.
local sides = norwood(7).hair[1].shape

local FLOW = flow { whorl = { x = 10, y = 212 }, sense = "clockwise" }

scenario {
  id = "alopecia-totalis",
  title = "Alopecia totalis: the whole scalp",
  brief = "Your client is 33 and has lost all scalp hair (alopecia totalis, stable for two "
       .. "years). Build a complete shaved-head look in this first session at about 28 "
       .. "impressions per cm2: a soft hairline about 8 cm above the brows, the top with its "
       .. "grain forward, the crown spiralling clockwise, and the sides and back with the grain "
       .. "running down. Leave the forehead and temple angles empty. Pace yourself: this is "
       .. "the largest area of the course.",
  difficulty = 5,
  sessions = 3,
  pass_mark = 70,
  seed = 1010,

  client = { skin = 3, heal_lightening = 0.25, age = 33 },
  -- no hair = { }: there is none

  zones = {
    { id = "forehead", name = "Forehead (keep empty)", role = "forbidden",
      shape = strip(60, function(x) return chart.hairline_y(x) - 15 end, behind(-0.5)) },
    { id = "hairline", name = "Hairline", role = "hairline", shape = strip(A, behind(0), behind(25)),
      density = ramp { from = 6, to = 28, width = 8 }, tolerance = 5, angle = 270, depth = 0.9 },
    { id = "top", name = "Top", shape = strip(A, behind(25), function() return 190 end),
      density = 28, tolerance = 5, angle = FLOW, depth = 1.0 },
    { id = "crown", name = "Crown", shape = polygon(crown_pts),
      density = 28, tolerance = 5, angle = FLOW, depth = 1.0 },
    { id = "sides", name = "Sides and back", shape = sides,
      density = 25, tolerance = 5, angle = FLOW, depth = 1.0 },
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
    hairline = { weight = 0.20, tolerance = 2, zero = 12, gate = 50 },  -- mm off the designed front, softness, symmetry
  },
}
