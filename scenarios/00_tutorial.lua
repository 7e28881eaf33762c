-- 00_tutorial.lua: the tutorial, the first case of the curriculum.
--
-- It teaches the controls by doing, not the craft: a small field on the mid-scalp of a
-- client with plenty of stubble around it, about 60 impressions (well under a minute at
-- a trainee's 2.5 a second, however long the first try takes), generous tolerances, one
-- session and no time limit. `tutorial` lists the steps the game coaches, in order
-- (docs/scenario-api.md, "tutorial"): each is met by doing it, with the pen or the mouse.
-- The rubric is the practice field's (01), its gates kept so that what the score says is
-- true of the real cases (a ruled grid or a blown-out depth still fails), with the
-- density's tolerance widened from 17 % to 25 %, the grain's from 10 to 15 degrees and a
-- lower pass mark.

local stubble = "#2a2320"

-- The sides and back keep their stubble (as in 01_practice_field.lua).
local right_side = { {120, 110}, {160, 112}, {176, 200}, {168, 290}, {124, 290}, {128, 200} }
local left_side = {}
for i, p in ipairs(right_side) do left_side[i] = { -p[1], p[2] } end

scenario {
  id = "tutorial",
  title = "Tutorial: your first impressions",
  brief = "Welcome to Stipple. Fill the small outlined field with about 60 dots, about 2 mm "
       .. "apart (20 per cm2; anything from 15 to 25 counts), scattered as hair grows: not in rows "
       .. "or a grid, which the score marks down as too regular. Place a dot: tap with the pen or "
       .. "click. Press harder (or [ and ]) for a deeper dot: about 1 mm deep is right. Zoom in: "
       .. "pinch, the wheel, the zoom buttons or + and -; L opens a loupe. Change the needle: the needle button or N. Undo a dot: the undo button or Z. Look at them "
       .. "healed: the 7 d button or H (press it until it reads settled) shows the dots a week "
       .. "later, lighter and a little softer; Now or Shift+H comes back. When the field is even, "
       .. "finish: the Finish button or F scores the work.",
  difficulty = 1,
  time_limit = 0,
  sessions = 1,
  pass_mark = 60,
  seed = 1,
  tutorial = { "place", "zoom", "needle", "healed", "finish" },

  client = { skin = 3, heal_lightening = 0.25 },

  hair = {
    { shape = polygon(right_side), density = 80, color = stubble, length = 0.5 },
    { shape = polygon(left_side),  density = 80, color = stubble, length = 0.5 },
    { shape = ellipse { x = 0, y = 350, rx = 130, ry = 60 }, density = 80, color = stubble, length = 0.5 },
  },

  zones = {
    {
      id = "field",
      name = "Your first field",
      -- 20 x 15 mm (3 cm2) at 20 per cm2: 60 impressions.
      shape = rect { x = -10, y = 125, w = 20, h = 15 },
      density = 20,
      tolerance = 5,                    -- 15..25 per cm2 counts as on target (25 %; 17 % in case 01)
      angle = 270,                      -- the grain points forward, toward the forehead
      depth = 1.0,
    },
  },

  rubric = {
    density  = { weight = 0.30, gate = 70 },
    spacing  = { weight = 0.15, pattern_weight = 0.5, max_merged_fraction = 0.2, gate = 60 },
    grain    = { weight = 0.15, tolerance = 15, gate = 60 },   -- full marks within 15 degrees (10 elsewhere)
    shade    = { weight = 0.15, gate = 50 },
    depth    = { weight = 0.10, gate = 50 },
    boundary = { weight = 0.15, gate = 60 },
    look     = { weight = 0.10, gate = 40 },
  },

  depth_window = { shallow = 0.5, deep = 1.5 },
}
