-- 05_full_norwood7.lua: a full Norwood 7 top, blended into the fringe.
--
-- The biggest job in SMP: several hundred cm2 (tens of thousands of impressions
-- over the sessions, hours of work). A practice case cannot ask for all of it, so the
-- trainee works a representative lane: 36 mm wide down the middle of the head, from
-- the forehead over the top and through the crown whorl to the fringe at the back
-- (about 2,150 impressions, some 14 minutes at 2.5 a second: `stipple check`). Every
-- transition of the full top crosses it (../shared/domain/smp.md):
--   * the hairline: a new, slightly conservative front (mature client) with a
--     soft ramp 8 mm deep; the forehead in front of it stays empty (forbidden);
--   * grain: forward over the top, spiralling out of a clockwise crown whorl a
--     little right of the midline (flow { } models the whole head's flow);
--   * density: ~30 % of natural in this first session (28 per cm2);
--   * the back: where the lane meets the existing fringe, a 20 mm blend band at a
--     lower density so there is no seam with the real hair.
-- The rest of the top, on each side of the lane, is shown done by the instructor (zones of
-- role "done": an expert's healed work beneath the trainee's, not scored; ink there is off
-- the plan), so the lane is judged against the finished look around it.

local loss = norwood(7)                 -- horseshoe fringe: sides and back keep hair

local A = 18                            -- half-width of the lane (the fringe starts at x = 110)

-- The designed hairline: y at x (conservative: 88 mm at the midline).
local function design_y(x)
  return 88 + 0.004 * x * x + 0.7 * math.sin(x * 0.4)
end

-- A zone from the line `front(x)` back to `back(x)`, x = -w..w.
local function strip(w, front, back)
  local pts, n = {}, 30
  for i = 0, n do local x = -w + 2 * w * i / n; pts[#pts + 1] = { x, front(x) } end
  for i = n, 0, -1 do local x = -w + 2 * w * i / n; pts[#pts + 1] = { x, back(x) } end
  return polygon(pts)
end

local function flat(y) return function() return y end end
local function behind(d) return function(x) return design_y(x) + d end end

-- The fringe's inner edge at the back is at y = 310 (norwood(7)): the crown runs to 292,
-- and the blend band from there 2 mm into the fringe.
local CROWN_BACK, FRINGE = 292, 312

local FLOW = flow { whorl = { x = 10, y = 215 }, sense = "clockwise" }

-- The rest of the top, done by the instructor (role = "done"): from the lane's edge out
-- to x = 100, from the hairline back to the fringe, its back corner rounded (radius 30).
-- sign -1 is the left side, +1 the right.
local function rest_of_top(sign)
  local pts, n = {}, 24
  for i = 0, n do
    local x = sign * (A + (100 - A) * i / n)
    pts[#pts + 1] = { x, design_y(x) }
  end
  for i = 0, 6 do
    local t = i / 6 * math.pi / 2
    pts[#pts + 1] = { sign * (70 + 30 * math.cos(t)), 278 + 30 * math.sin(t) }
  end
  pts[#pts + 1] = { sign * A, 308 }
  if sign < 0 then                      -- keep the points in one turning order
    local r = {}
    for i = #pts, 1, -1 do r[#r + 1] = pts[i] end
    pts = r
  end
  return polygon(pts)
end

scenario {
  id = "full-nw7",
  title = "Full Norwood 7 top",
  brief = "Your client is 58, Norwood 7: only the horseshoe fringe at the sides and back is "
       .. "left. In this first session, at about 28 impressions per cm2, work the outlined lane "
       .. "down the middle of his head, from the hairline over the top and the crown to the "
       .. "fringe at the back. Your instructor has done the rest of the top on each side, shown "
       .. "healed: match it and do not work over it. Start with the hairline: sparse and "
       .. "irregular at the front, full density 8 mm behind. Keep the grain forward over the top "
       .. "and follow the clockwise spiral of the crown. Leave the forehead empty. Where the lane "
       .. "meets the fringe, blend at a lower density so no seam shows.",
  difficulty = 4,
  sessions = 3,
  pass_mark = 70,
  seed = 705,

  client = { skin = 3, heal_lightening = 0.25, age = 58 },
  hair = loss.hair,

  zones = {
    { id = "forehead", name = "Forehead (keep empty)", role = "forbidden",
      shape = strip(A + 10, function(x) return chart.hairline_y(x) - 15 end, behind(-0.5)) },
    { id = "hairline", name = "Hairline", role = "hairline",
      shape = strip(A, behind(0), behind(25)),
      density = ramp { from = 6, to = 28, width = 8 }, tolerance = 5,
      angle = 270, depth = 0.9 },
    { id = "top", name = "Top", shape = strip(A, behind(25), flat(190)),
      density = 28, tolerance = 5, angle = FLOW, depth = 1.0 },
    { id = "crown", name = "Crown", shape = rect { x = -A, y = 190, w = 2 * A, h = CROWN_BACK - 190 },
      density = 28, tolerance = 5, angle = FLOW, depth = 1.0 },
    { id = "blend-back", name = "Blend into the fringe",
      shape = rect { x = -A, y = CROWN_BACK, w = 2 * A, h = FRINGE - CROWN_BACK },
      density = 18, tolerance = 4, angle = FLOW, depth = 1.0 },
    -- Done by the instructor: drawn healed beneath the work, not scored; ink there is off
    -- the plan.
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

  -- The lane and some of the instructor's work on each side (the zones' bounds would frame
  -- the whole top, the lane a sliver of the screen).
  view = { x0 = -70, y0 = 65, x1 = 70, y1 = 325 },
}
