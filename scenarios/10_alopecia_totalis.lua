-- 10_alopecia_totalis.lua: alopecia totalis, the whole scalp.
--
-- No hair anywhere: the trainee builds the "shaved head" look from nothing, so every
-- target matters at once (../shared/domain/smp.md): a hairline designed from the face
-- (mid-frontal point ~8 cm above the glabella, a soft 8 mm ramp, a 2-4 cm hairline zone),
-- grain following the head's natural flow out of a clockwise crown whorl a little right
-- of the midline and running down at the sides and back, a first session at ~30 % of
-- natural density (80-100 FU/cm2). The whole scalp is some 27,000 impressions, three hours
-- of one session; a practice case works a representative section of it (about 2,100
-- impressions, some 14 minutes at 2.5 a second: `stipple check`): a lane 26 mm wide down
-- the middle from the forehead over the top and the crown to the back of the head, and a
-- patch above the right ear, where the grain turns down. The rest of the top and crown on
-- each side of the lane is shown done by the instructor (zones of role "done": an
-- expert's healed work, not scored; ink there is off the plan). The forehead stays empty.

local A = 13                            -- half-width of the lane

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

-- Where a Norwood 7 keeps its horseshoe (norwood(7)): the crown runs to its inner edge at
-- the back (y = 310), the back of the head beyond it; the side patch lies inside it.
local CROWN_BACK, BACK = 310, 340

local FLOW = flow { whorl = { x = 10, y = 212 }, sense = "clockwise" }

-- The rest of the top and crown, done by the instructor (role = "done"): from the lane's
-- edge out to x = 109, from the hairline back to the horseshoe's edge, the back corner
-- rounded (radius 29). sign -1 is the left side, +1 the right.
local function rest_of_top(sign)
  local pts, n = {}, 24
  for i = 0, n do
    local x = sign * (A + (109 - A) * i / n)
    pts[#pts + 1] = { x, design_y(x) }
  end
  for i = 0, 6 do
    local t = i / 6 * math.pi / 2
    pts[#pts + 1] = { sign * (80 + 29 * math.cos(t)), 278 + 29 * math.sin(t) }
  end
  pts[#pts + 1] = { sign * A, 307 }
  if sign < 0 then                      -- keep the points in one turning order
    local r = {}
    for i = #pts, 1, -1 do r[#r + 1] = pts[i] end
    pts = r
  end
  return polygon(pts)
end

scenario {
  id = "alopecia-totalis",
  title = "Alopecia totalis: the whole scalp",
  brief = "Your client is 33 and has lost all scalp hair (alopecia totalis, stable for two "
       .. "years). His shaved-head look is built in this first session at about 28 impressions "
       .. "per cm2; you work two sections of it that hold every target: the lane down the "
       .. "middle, from a soft hairline about 8 cm above the brows over the top with its grain "
       .. "forward and the crown spiralling clockwise to the back of the head, and the patch "
       .. "above his right ear, at 25 per cm2 with the grain running down as at the back. Your "
       .. "instructor has done the rest of the top and crown, shown healed: match it and do not "
       .. "work over it. Leave the forehead empty.",
  difficulty = 5,
  sessions = 3,
  pass_mark = 70,
  seed = 1010,

  client = { skin = 3, heal_lightening = 0.25, age = 33 },
  -- no hair = { }: there is none

  zones = {
    { id = "forehead", name = "Forehead (keep empty)", role = "forbidden",
      shape = strip(A + 10, function(x) return chart.hairline_y(x) - 15 end, behind(-0.5)) },
    { id = "hairline", name = "Hairline", role = "hairline", shape = strip(A, behind(0), behind(25)),
      density = ramp { from = 6, to = 28, width = 8 }, tolerance = 5, angle = 270, depth = 0.9 },
    { id = "top", name = "Top", shape = strip(A, behind(25), function() return 190 end),
      density = 28, tolerance = 5, angle = FLOW, depth = 1.0 },
    { id = "crown", name = "Crown", shape = rect { x = -A, y = 190, w = 2 * A, h = CROWN_BACK - 190 },
      density = 28, tolerance = 5, angle = FLOW, depth = 1.0 },
    { id = "back", name = "Back", shape = rect { x = -A, y = CROWN_BACK, w = 2 * A, h = BACK - CROWN_BACK },
      density = 25, tolerance = 5, angle = FLOW, depth = 1.0 },
    { id = "side", name = "Right side", shape = rect { x = 115, y = 170, w = 30, h = 40 },
      density = 25, tolerance = 5, angle = FLOW, depth = 1.0 },
    -- Done by the instructor: drawn healed beneath the work, not scored; ink there is off
    -- the plan. The sides and back beyond the patch are left for another day.
    { id = "done-left", name = "Done (instructor)", role = "done", shape = rest_of_top(-1),
      density = ramp { from = 6, to = 28, width = 8 }, angle = FLOW, depth = 1.0 },
    { id = "done-right", name = "Done (instructor)", role = "done", shape = rest_of_top(1),
      density = ramp { from = 6, to = 28, width = 8 }, angle = FLOW, depth = 1.0 },
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

  -- The lane, the side patch and the instructor's work between them.
  view = { x0 = -60, y0 = 65, x1 = 160, y1 = 355 },
}
