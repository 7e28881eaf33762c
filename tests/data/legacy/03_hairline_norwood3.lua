-- 03_hairline_norwood3.lua: a soft hairline on a Norwood 3, with temple points.
--
-- The most visible work in SMP, and the easiest to get wrong: a hairline that is
-- too low, too straight, too dense at the front, or that fills the temple angle
-- reads as a tattoo. The domain notes (../shared/domain/smp.md, "hairline"):
--   * mid-frontal point 7-10 cm above the glabella (7 bold, 10 conservative, ~8
--     typical): here y = 84 mm, a little conservative for a mature client;
--   * a soft transition 5-10 mm deep in front, grading into a denser defined zone
--     behind: the whole hairline region is 2-4 cm deep (here 25 mm);
--   * never a straight line; lateral ends in line with the outer corner of the eye;
--   * frontal hair points forward (10-20 degrees exit), temples backward and down;
--   * first session ~30 % of natural density (80-100 FU/cm2): about 28 per cm2.
-- Chart: millimetres, origin at the glabella, +y back over the head, +x to the
-- client's right (see 01_practice_field.lua).

local loss = norwood(3)                 -- hair fringe and bald areas of a Norwood 3

-- The designed hairline: y at lateral position x. A gentle curve, slightly
-- irregular (two small "micro" waves) so it never reads as a ruled line.
local function design_y(x)
  return 84 + 0.0035 * x * x + 0.8 * math.sin(x * 0.35) + 0.5 * math.sin(x * 0.9 + 1)
end

-- A band behind the designed hairline, `from` to `to` mm deep at the middle, between
-- x = -w and w. Its depth tapers toward the ends (to 30 % at x = +-w) so the hairline
-- thins out into the recessions instead of ending in a square block, but always reaches
-- 3 mm into the client's own hair (loss.front), so no bare gap is left behind it.
local function band(w, from, to)
  local pts, n = {}, 24
  for i = 0, n do
    local x = -w + 2 * w * i / n
    pts[#pts + 1] = { x, design_y(x) + from }
  end
  for i = n, 0, -1 do
    local x = -w + 2 * w * i / n
    local taper = 1 - 0.7 * (x / w) ^ 2
    pts[#pts + 1] = { x, math.max(design_y(x) + from + (to - from) * taper, loss.front(x) + 3) }
  end
  return polygon(pts)
end

-- A temple point: a small triangle reaching forward-down toward the outer eye; its hair
-- grows backward and down (toward the ear: +y, and outward in x).
-- side = -1 (left) or 1 (right).
local function temple(side)
  return polygon {
    { side * 62, 112 }, { side * 80, 100 }, { side * 86, 132 },
  }
end

scenario {
  id = "hairline-nw3",
  title = "Soft hairline on a Norwood 3",
  brief = "Your client is 34, Norwood 3: the temples have receded but the top is full. "
       .. "Design and place a soft frontal hairline. The outlined front band is the transition "
       .. "zone: start very sparse and irregular at its front edge and build to about 28 "
       .. "impressions per cm2 within 8 mm. Never place a straight line of dots. Point the grain "
       .. "forward. Then add the two temple points: sparse, pointing backward and down. "
       .. "This is a first session: keep it light (about 30 % of natural density) in the shade of his stubble.",
  difficulty = 3,
  time_limit = 0,
  sessions = 3,
  pass_mark = 70,
  seed = 302,

  client = { skin = 2, heal_lightening = 0.25, age = 34 },

  hair = loss.hair,                     -- the remaining hair, shaved to stubble

  zones = {
    {
      id = "hairline",
      name = "Hairline transition",
      role = "hairline",                -- its front edge is the designed hairline
      shape = band(61, 0, 25),          -- 25 mm deep: the hairline region
      -- soft ramp: 6 per cm2 at the very front to 28 at 8 mm behind it
      density = ramp { from = 6, to = 28, width = 8 },
      tolerance = 5,
      angle = 270,                      -- forward
      depth = 0.9,
    },
    {
      id = "temple-left", name = "Left temple point",
      shape = temple(-1), density = 18, tolerance = 5,
      angle = 125,                      -- backward and down: +y (back) and -x (toward the left ear)
    },
    {
      id = "temple-right", name = "Right temple point",
      shape = temple(1), density = 18, tolerance = 5,
      angle = 55,                       -- backward and down: +y (back) and +x (toward the right ear)
    },
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

  depth_window = { shallow = 0.5, deep = 1.5 },
  view = { x0 = -110, y0 = 55, x1 = 110, y1 = 150 },
}
