-- 11_hairline_sessions.lua: a soft hairline on a Norwood 3, built over three sessions.
--
-- Case 03 is one sitting; real SMP is built in layers (../shared/domain/smp.md,
-- "density per session", and assessment-and-healing.md, "sessions"):
--   * 30 % -> 70 % -> 100 % of the final density over three sessions (Liu et al.,
--     J Cosmet Dermatol 2025); "plan" below says so, as the cumulative share of the final
--     density each session should reach, counting what survived the sessions before;
--   * the first session lighter and sparser, later ones darker (elkasmp.com.au; skalptec.com;
--     Wikipedia "Hair tattoo"): session 1 one dilution lighter (0.5), sessions 2 and 3 in
--     the planned 0.75. Each dot's shade is judged against its own session's planned ink,
--     in the healed whole too (docs/scoring.md, "Shade over sessions");
--   * sessions about two weeks apart, each healed before the next: 10-15 % of the marks are
--     lost in healing (beautybrowsbeyond.com), so each session first fills the gaps those
--     left, then adds its own layer in between the dots that held;
--   * frontal density 82 +- 8 FU/cm2 (Karger, Skin Appendage Disorders 8(6)): the final
--     hairline here reaches 80 per cm2 a centimetre behind a soft front; temples about 60
--     (temporal 70 +- 8, more single hairs).
-- The geometry is case 03's: mid-frontal point at y = 84 mm, a 25 mm hairline region,
-- lateral ends in line with the outer eye, temple points pointing backward and down.

local loss = norwood(3)

local function design_y(x)
  return 84 + 0.0035 * x * x + 0.8 * math.sin(x * 0.35) + 0.5 * math.sin(x * 0.9 + 1)
end

-- The band behind the designed hairline (as in case 03), tapering toward the ends.
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

local function temple(side)
  return polygon { { side * 62, 112 }, { side * 80, 100 }, { side * 86, 132 } }
end

scenario {
  id = "hairline-sessions",
  title = "Hairline in three sessions",
  brief = "Your client is 34, Norwood 3. Build his soft frontal hairline and temple points over "
       .. "three sessions, two weeks apart. Session 1: about 30 % of the final density (24 per cm2 "
       .. "a centimetre behind the front), in the lighter 0.5 dilution. Session 2: fill the gaps the "
       .. "healing left and add between the dots that held, to about 70 % (56 per cm2), in the "
       .. "planned 0.75. Session 3: the full 80 per cm2, in 0.75. Temples: 60 per cm2 at the end, "
       .. "the same shares. Keep the front sparse and irregular in every session, grain forward. "
       .. "Never lay a new dot on one that held, and never rush: a dense, dark first session fails.",
  difficulty = 4,
  sessions = 3,
  pass_mark = 70,
  seed = 1103,

  client = { skin = 2, heal_lightening = 0.25, age = 34, sun = 0.2, aftercare = 0.9 },
  hair = loss.hair,

  -- Cumulative shares of the final density; the lighter dilution of the first session.
  plan = {
    { density = 0.3, ink = 0.5 },
    { density = 0.7, ink = 0.75 },
    { density = 1.0 },
  },
  -- Two weeks apart; the rest are the defaults (docs/scenario-api.md, "healing").
  healing = { interval = 14 },

  zones = {
    { id = "hairline", name = "Hairline transition", role = "hairline",
      shape = band(61, 0, 25),
      density = ramp { from = 20, to = 80, width = 10 }, tolerance = 12,
      angle = 270, depth = 0.9 },
    { id = "temple-left", name = "Left temple point", shape = temple(-1),
      density = 60, tolerance = 10, angle = 125 },
    { id = "temple-right", name = "Right temple point", shape = temple(1),
      density = 60, tolerance = 10, angle = 55 },
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

  depth_window = { shallow = 0.5, deep = 1.5 },
  view = { x0 = -110, y0 = 55, x1 = 110, y1 = 150 },
}
