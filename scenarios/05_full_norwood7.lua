-- 05_full_norwood7.lua: a full Norwood 7 top, blended into the fringe.
--
-- The biggest job in SMP: several hundred cm2 (tens of thousands of impressions
-- over the sessions, hours of work). A practice case cannot ask for all of it, so the
-- trainee works a representative lane: 36 mm wide down the middle of the head, from
-- the forehead over the top and through the crown whorl to the fringe at the back
-- (about 2,140 impressions, some 14 minutes at 2.5 a second: `stipple check`). Every
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

-- The shapes come from the client's landmarks and the condition building blocks
-- (docs/scenario-api.md, "Landmarks", "Conditions from landmarks"): his head, the horseshoe
-- fringe with its irregular top edge, and bands and cuts of them (shape algebra).
head { age = 58 }                       -- his natural hairline is 85 mm above the glabella
local loss = norwood_loss { stage = 7, seed = 705 }   -- the horseshoe fringe and the bald top

local A = 18                            -- half-width of the lane

-- The designed hairline: 3 mm behind his natural line (conservative: 88 mm at the midline),
-- from one temple peak to the other, with a small wave so it is never ruled.
local design = {}
local xe = landmark.temple_peak_right.x
for i = 0, 48 do
  local x = -xe + 2 * xe * i / 48
  design[#design + 1] = { x, landmark.hairline_y(x) + 3 + 0.7 * math.sin(x * 0.4) }
end
local behind = {}                       -- everything behind the designed line
for i, p in ipairs(design) do behind[i] = p end
behind[#behind + 1] = { xe + 150, design[#design][2] }
behind[#behind + 1] = { xe + 150, 430 }
behind[#behind + 1] = { -xe - 150, 430 }
behind[#behind + 1] = { -xe - 150, design[1][2] }
behind = polygon(behind)

local lane = rect { x = -A, y = 0, w = 2 * A, h = 430 }
local bald = intersect(loss.bald, behind)          -- the whole top to pigment, behind the line
-- Where the lane meets the fringe: a 20 mm blend band along the fringe's irregular edge,
-- 3 mm into the hair and 17 mm out of it, so there is no seam with the real hair.
local blend = intersect(band(loss.fringe, 3, 17), offset(loss.bald, 3.5), lane)   -- not along the nape
local hairline = intersect(band(design, 25, 0), bald, lane)
local VERTEX = landmark.vertex.y + 10    -- the top runs to 190 mm, the crown from there
local rest = minus(intersect(bald, lane), hairline, blend)
local top = intersect(rest, rect { x = -A, y = 0, w = 2 * A, h = VERTEX })
local crown = minus(rest, top)

local FLOW = flow { whorl = { x = 10, y = 215 }, sense = "clockwise" }

-- The rest of the top, done by the instructor (role = "done"): the bald top on each side of
-- the lane, from the designed hairline back to the fringe.
local done_left = minus(intersect(bald, rect { x = -300, y = 0, w = 300 - A, h = 430 }), blend)
local done_right = minus(intersect(bald, rect { x = A, y = 0, w = 300 - A, h = 430 }), blend)

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
      shape = intersect(band(design, 0, 15), rect { x = -A - 10, y = 0, w = 2 * A + 20, h = 430 }) },
    { id = "hairline", name = "Hairline", role = "hairline",
      shape = hairline,
      density = ramp { from = 6, to = 28, width = 8 }, tolerance = 5,
      angle = 270, depth = 0.9 },
    { id = "top", name = "Top", shape = top,
      density = 28, tolerance = 5, angle = FLOW, depth = 1.0 },
    { id = "crown", name = "Crown", shape = crown,
      density = 28, tolerance = 5, angle = FLOW, depth = 1.0 },
    { id = "blend-back", name = "Blend into the fringe",
      shape = blend,
      density = 18, tolerance = 4, angle = FLOW, depth = 1.0 },
    -- Done by the instructor: drawn healed beneath the work, not scored; ink there is off
    -- the plan.
    { id = "done-left", name = "Done (instructor)", role = "done", shape = done_left,
      density = ramp { from = 6, to = 28, width = 8 }, angle = FLOW, depth = 1.0 },
    { id = "done-right", name = "Done (instructor)", role = "done", shape = done_right,
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
    boundary = { weight = 0.15, gate = 60, hard = 5, soft = 0.5 },   -- ink off the plan: the forehead, ears or bare skin count 5, his fringe near the plan 0.5
    look     = { weight = 0.10, gate = 40 },   -- the tone from 1 m against the plan's; scars against the skin
    hairline = { weight = 0.20, tolerance = 2, zero = 12, gate = 50 },  -- mm off the designed front, softness, symmetry
  },

  -- The lane and some of the instructor's work on each side (the zones' bounds would frame
  -- the whole top, the lane a sliver of the screen).
  view = { x0 = -70, y0 = 65, x1 = 70, y1 = 325 },
}
