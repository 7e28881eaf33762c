-- 03_hairline_norwood3.lua: a soft hairline on a Norwood 3, with temple points.
--
-- The most visible work in SMP, and the easiest to get wrong: a hairline that is
-- too low, too straight, too dense at the front, or that fills the temple angle
-- reads as a tattoo. The domain notes (../shared/domain/smp.md, "hairline"):
--   * mid-frontal point 7-10 cm above the glabella (7 bold, 10 conservative, ~8
--     typical): here y = 84 mm, a little conservative for a mature client;
--   * a soft transition 5-10 mm deep in front, grading into a denser defined zone
--     behind: the whole hairline region is 2-4 cm deep (here 25 mm, and back to his
--     hair in the recessions);
--   * never a straight line; lateral ends in line with the outer corner of the eye;
--   * frontal hair points forward (10-20 degrees exit), temples backward and down;
--   * first session ~30 % of natural density (80-100 FU/cm2): about 28 per cm2.
-- Chart: millimetres, origin at the glabella, +y back over the head, +x to the
-- client's right (see 01_practice_field.lua). The shapes come from the client's landmarks
-- and the condition building blocks (docs/scenario-api.md, "Landmarks", "Conditions from
-- landmarks"), so they follow his head: a 34-year-old's natural hairline is 80 mm above
-- the glabella, the temple peaks 46 mm on from the frontotemporal points.

head { age = 34 }
local loss = norwood_loss { stage = 3, seed = 302 }   -- the recessions, his hair, the temple points

-- The designed hairline: 4 mm behind his natural line (a little conservative for a mature
-- client), from one temple peak to the other, slightly irregular (two small "micro" waves)
-- so it never reads as a ruled line.
local design = {}
local xe = landmark.temple_peak_right.x
for i = 0, 48 do
  local x = -xe + 2 * xe * i / 48
  design[#design + 1] = { x, landmark.hairline_y(x) + 4 + 0.8 * math.sin(x * 0.35) + 0.5 * math.sin(x * 0.9 + 1) }
end
-- Everything behind the designed line (closed far back).
local behind = {}
for i, p in ipairs(design) do behind[i] = p end
behind[#behind + 1] = { xe, 300 }
behind[#behind + 1] = { -xe, 300 }
behind = polygon(behind)

-- The temple points: where his temples have receded, a wedge pointing forward and down
-- from the natural temple peak (toward the outer eye); its hair grows backward and down.
-- Cut at the designed line's ends (x = +-92, the temple peaks), so the hairline zone's
-- lateral ends stay where the assessor's lopsided-hairline check measures them.
local temple_left = intersect(loss.temples.left, loss.bald, behind)
local temple_right = intersect(loss.temples.right, loss.bald, behind)

-- The hairline zone: the transition band 25 mm behind the designed line (the whole hairline
-- region is 2-4 cm deep; over his forelock it lies on his own thinning stubble), and the bald
-- recessions behind it back to his hair. Its back edge in the recessions is his hair's front
-- exactly (no bare seam), and its ends follow the recessions round to the temple points
-- instead of stopping in straight cuts.
local hairline = minus(intersect(union(band(design, 25, 0), loss.bald), behind, loss.scalp), temple_left, temple_right)

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
      shape = hairline,                 -- from the designed line back to his hair
      -- soft ramp: 6 per cm2 at the very front to 28 at 8 mm behind it
      density = ramp { from = 6, to = 28, width = 8 },
      tolerance = 5,
      angle = 270,                      -- forward
      depth = 0.9,
    },
    {
      id = "temple-left", name = "Left temple point",
      shape = temple_left, density = 18, tolerance = 5,
      angle = 125,                      -- backward and down: +y (back) and -x (toward the left ear)
    },
    {
      id = "temple-right", name = "Right temple point",
      shape = temple_right, density = 18, tolerance = 5,
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
    boundary = { weight = 0.15, gate = 60, hard = 5, soft = 0.5 },   -- ink off the plan: on the forehead, the ears or bare skin counts 5, in his own hair near the plan or the margin 0.5
    look     = { weight = 0.10, gate = 40 },   -- the tone from 1 m against the plan's; scars against the skin
    hairline = { weight = 0.20, tolerance = 2, zero = 12, gate = 50 },  -- mm off the designed front, softness, symmetry
  },

  depth_window = { shallow = 0.5, deep = 1.5 },
  view = { x0 = -110, y0 = 55, x1 = 110, y1 = 150 },
}
