-- 12_scar_sessions.lua: camouflaging a FUT strip scar over three sessions.
--
-- Case 07's scar, now built the way scars are treated (../shared/domain/
-- assessment-and-healing.md, "scar camouflage"; smp.md, "scars"):
--   * scars need 2-4 sessions: scar tissue takes pigment unevenly (looknaturalatl.com),
--     so more of each session's dots heal away there. The scar zone's uptake of 0.6 adds
--     healing.loss_scar x (1 - uptake) = 0.5 x 0.4 = 20 % to the 12 % lost anywhere
--     (beautybrowsbeyond.com, 10-15 % of marks per session): about a third of the dots
--     laid in the scar are gone two weeks later, and the next session fills those gaps;
--   * scars fade faster afterwards: scar_fade 1.8 (Liu et al. 2025, 1.6 vs 0.9 points at 6
--     months); the default, restated here because this case teaches it;
--   * 30 % -> 70 % -> 100 % of the final density over three sessions (Liu et al. 2025),
--     lighter first: the blend bands in 0.5, then their planned 0.75; the scar, which needs
--     a stronger ink to heal to the same shade, in 0.75, then its planned 1.0 (each dot's
--     shade is judged against its own session's planned ink, in the healed whole too);
--   * sessions two weeks apart ("within a couple of weeks", the seed article).
-- The work: fill the scar at 45 impressions per cm2 by the end and feather the two bands
-- above and below it at 30, so its edges disappear into the stubble.

local scar = fut_scar { y = 300, length = 200, width = 4 }

-- A band following the scar's curve, off0..off1 mm from its centre line (as in case 07).
local function band(off0, off1)
  local pts, n, half = {}, 30, 100
  for i = 0, n do
    local u = -1 + 2 * i / n
    pts[#pts + 1] = { u * half, 300 - 10 * u * u + off0 }
  end
  for i = n, 0, -1 do
    local u = -1 + 2 * i / n
    pts[#pts + 1] = { u * half, 300 - 10 * u * u + off1 }
  end
  return polygon(pts)
end

scenario {
  id = "scar-sessions",
  title = "FUT scar in three sessions",
  brief = "Your client is 47; his FUT scar (20 cm long, 4 mm wide, pale and sunken) shows through "
       .. "his stubble. Camouflage it in three sessions, two weeks apart. Session 1: about 30 % of "
       .. "the final density (14 per cm2 in the scar, 9 in the bands), a step lighter: 0.75 in the "
       .. "scar, 0.5 in the bands. Session 2: to 70 % (32 and 21), in the planned 1.0 and 0.75. "
       .. "Session 3: the full 45 in the scar and 30 in the bands, in the same inks. Scar tissue loses about "
       .. "a third of each session's dots in healing: fill those gaps next time, between the dots "
       .. "that held, never on them, and never all at once.",
  difficulty = 4,
  sessions = 3,
  pass_mark = 70,
  seed = 1207,

  client = { skin = 3, heal_lightening = 0.25, age = 47, sun = 0.3, aftercare = 0.8 },
  hair = norwood(1).hair,
  patches = { scar },

  -- The blend bands' plan (the scar zone has its own).
  plan = {
    { density = 0.3, ink = 0.5 },
    { density = 0.7, ink = 0.75 },
    { density = 1.0 },
  },
  healing = { interval = 14, loss_scar = 0.5, scar_fade = 1.8 },

  zones = {
    { id = "scar", name = "Scar",
      shape = fut_scar { y = 300, length = 204, width = 9 }.shape,
      role = "scar", uptake = 0.6, spread = 1.4,
      density = 45, tolerance = 9, angle = 90, depth = 0.9,
      plan = {
        { density = 0.3, ink = 0.75 },
        { density = 0.7, ink = 1.0 },
        { density = 1.0 },
      } },
    { id = "above", name = "Blend above", shape = band(-20, -5),
      density = 30, tolerance = 6, angle = 90, depth = 1.0 },
    { id = "below", name = "Blend below", shape = band(5, 20),
      density = 30, tolerance = 6, angle = 90, depth = 1.0 },
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
}
