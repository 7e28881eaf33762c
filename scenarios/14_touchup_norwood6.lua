-- 14_touchup_norwood6.lua: touching up a five-year-old Norwood 6 work.
--
-- SMP fades: the immune system and UV break the pigment down slowly, and touch-ups fall
-- due every 3-5 years (the seed; 2-6, ink2scalp.com; the mechanism: macrophages capture
-- and release pigment, Baranska et al., J Exp Med 2018). The client comes back with work
-- done five years ago (history below): it was built in three sessions, and what is left
-- of it now has about 70 % of the density it was designed for (dots that faded out or
-- were lost), each dot lighter (fading 8 % a year, doubled by sun: sun = 0.5 here, x 1.5)
-- and a little softer (ink spreads slowly, a few mm over many years: the Eames model).
-- The job (smp.md, "long-term fading": touch-ups "for a fraction of the price"):
--   * bring the density back to the design by adding new dots in the gaps, never on top
--     of an old dot (a dot laid on a faded one doubles it: a bigger, darker blot);
--   * in the planned ink, not darker to "make up" for the fading: the old dots stay
--     lighter, and dark new ones beside them read as spots;
--   * one session (a touch-up), its plan the final design.
-- Only the front is touched up in this case (hairline and the front of the top), so it
-- stays a sitting's work: the crown is left for another day.

local loss = norwood(6)

local function design_y(x)
  return 86 + 0.004 * x * x + 0.7 * math.sin(x * 0.4)
end

local function strip(w, front, back)
  local pts, n = {}, 30
  for i = 0, n do local x = -w + 2 * w * i / n; pts[#pts + 1] = { x, front(x) } end
  for i = n, 0, -1 do local x = -w + 2 * w * i / n; pts[#pts + 1] = { x, back(x) } end
  return polygon(pts)
end

local function behind(d) return function(x) return design_y(x) + d end end
local function flat(y) return function() return y end end

local FLOW = flow { whorl = { x = 10, y = 215 }, sense = "clockwise" }

scenario {
  id = "touchup-nw6",
  title = "Touch-up of a five-year-old Norwood 6",
  brief = "Your client is 55, Norwood 6. His SMP was done five years ago in three sessions and has "
       .. "faded: the old dots are lighter and about a third of them are gone. Touch up the hairline "
       .. "and the front of the top in one session. Add new dots only in the gaps between the old "
       .. "ones, never on top of one, to bring the density back to the design: 50 per cm2 behind a "
       .. "soft front in the hairline, 50 on the top. Use the planned ink, not a darker one to make "
       .. "up for the fading. Keep the grain forward and the forehead empty.",
  difficulty = 4,
  sessions = 1,
  pass_mark = 70,
  seed = 1406,

  client = { skin = 3, heal_lightening = 0.25, age = 55, sun = 0.5, aftercare = 0.9 },
  hair = loss.hair,

  -- The work he comes back with: built five years ago at 70 % of today's design (what
  -- remains of it), in its final ink, in three sessions.
  history = { age = 5, density = 0.7, sessions = 3, seed = 61 },
  plan = { { density = 1.0 } },

  zones = {
    { id = "forehead", name = "Forehead (keep empty)", role = "forbidden",
      shape = strip(55, function(x) return chart.hairline_y(x) - 15 end, behind(-0.5)) },
    { id = "hairline", name = "Hairline", role = "hairline",
      shape = strip(60, behind(0), behind(20)),
      density = ramp { from = 15, to = 50, width = 10 }, tolerance = 9,
      angle = 270, depth = 0.9 },
    { id = "top", name = "Front of the top", shape = strip(60, behind(20), flat(160)),
      density = 50, tolerance = 8, angle = FLOW, depth = 1.0 },
  },

  rubric = {
    density  = { weight = 0.30, gate = 70 },
    spacing  = { weight = 0.15, pattern_weight = 0.5, max_merged_fraction = 0.2, gate = 60 },
    grain    = { weight = 0.15, gate = 60 },
    shade    = { weight = 0.15, gate = 50 },
    depth    = { weight = 0.10, gate = 50 },
    boundary = { weight = 0.15, gate = 60 },
    look     = { weight = 0.10, gate = 40 },
    hairline = { weight = 0.20, tolerance = 2, zero = 12, gate = 50 },
  },

  view = { x0 = -100, y0 = 60, x1 = 100, y1 = 175 },
}
