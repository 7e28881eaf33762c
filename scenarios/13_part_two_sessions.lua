-- 13_part_two_sessions.lua: female thinning along the part (Ludwig II), in two sessions.
--
-- Case 09's client, now treated over two sittings. Women thinning along the part keep
-- their hair, so the work only darkens the scalp between hairs (smp.md, "Ludwig"); it is
-- built in layers like any SMP (assessment-and-healing.md, "sessions": 3-4 sessions 7-10
-- days apart, first light and sparse; the seed: "within a couple of weeks"), and a light
-- case like this one is often finished in two:
--   * session 1: half of the final density in a lighter dilution (0.5), since a fair skin
--     shows every dot that heals too dark; session 2: the final 30 per cm2 in the planned ink;
--   * 10-15 % of the first session's dots are lost in healing (beautybrowsbeyond.com): the
--     second session fills those gaps first;
--   * a fine needle (0.18 mm), as for soft detail (robjamessmp.com; spstudio.ee).
-- The client works outdoors (sun 0.6: fading x 1.6, ink2scalp.com: faster fading with sun)
-- and follows aftercare well.

local loss = ludwig(2, {
  part = { from = { 2, 92 }, to = { 6, 200 } },
  density = 80, color = "#4a3424", length = 180,
})

scenario {
  id = "part-two-sessions",
  title = "Part thinning in two sessions",
  brief = "Your client is 52, Fitzpatrick II, with long brown hair parted near the middle; the "
       .. "scalp shows along the part (Ludwig II). Two sessions, ten days apart, inside the outlined "
       .. "band only (hold the hair aside with A). Session 1: half the final density, about 15 "
       .. "impressions per cm2, with the fine 0.18 mm needle in the lighter 0.5 dilution. Session 2: "
       .. "fill the gaps the healing left and add between the dots that held, to 30 per cm2, in the "
       .. "planned ink. Too dark or too dense in the first session shows on her fair skin.",
  difficulty = 3,
  sessions = 2,
  pass_mark = 70,
  seed = 1309,

  client = { skin = 2, heal_lightening = 0.3, age = 52, sun = 0.6, aftercare = 1.0 },
  hair = loss.hair,
  part = loss.part,

  plan = {
    { density = 0.5, ink = 0.5, needle = 0.18 },
    { density = 1.0, needle = 0.18 },
  },
  healing = { interval = 10 },

  zones = {
    { id = "part", name = "Part", shape = loss.thinning,
      density = 30, tolerance = 6, angle = 270, depth = 0.8, needle = 0.18 },
  },

  rubric = {
    density  = { weight = 0.30, gate = 70 },
    spacing  = { weight = 0.15, pattern_weight = 0.5, max_merged_fraction = 0.2, gate = 60 },
    grain    = { weight = 0.15, gate = 60 },
    shade    = { weight = 0.15, gate = 50 },
    depth    = { weight = 0.10, gate = 50 },
    boundary = { weight = 0.15, gate = 60 },
    look     = { weight = 0.10, gate = 40 },
  },

  tools = { needles = { 0.18, 0.25 } },
}
