-- 02_blend_fitzpatrick5.lua: a density-only blend into dark stubble on darker skin.
--
-- The commonest real request: no bald area to rebuild, just a top that looks
-- thinner than the sides. The client keeps his own dark stubble; the trainee adds
-- impressions between the hairs so the thin area reads as dense as the rest.
-- The domain notes (../shared/domain/smp.md):
--   * natural density 80-100 follicular units per cm2; sides and back lower;
--   * 25-35 FU/cm2 already conceals; the first session is ~30 % of natural;
--   * darker skin (Fitzpatrick V): dots show less contrast and heal with less
--     lightening ("some skins heal 2-3 shades lighter, some hardly change"), and
--     a concentrated (dark) ink is needed to read as hair at all;
--   * the fault to avoid is the "helmet": too dense or too dark over the whole top.
-- The thin top sits inside a full head of stubble (Norwood 1): where hair regions
-- overlap the first listed wins, so the thin area is listed first.

local stubble = "#15100d"               -- very dark brown, almost black

-- The thin area: a smooth closed curve over the mid-scalp (smooth { } makes a
-- polygon through the points; list them around the outline in order). About 70 cm2:
-- 2,100 impressions, some 14 minutes at a trainee's 2.5 a second (`stipple check`).
local thin = smooth {
  { -34, 113 }, { 0, 107 }, { 34, 113 }, { 45, 146 }, { 38, 184 }, { 0, 197 }, { -38, 184 }, { -45, 146 },
}

scenario {
  id = "blend-fitz5",
  title = "Density blend into dark stubble (Fitzpatrick V)",
  brief = "Your client is 38 with Fitzpatrick V skin and keeps his dark stubble, but the top "
       .. "has thinned to about half the density of the sides. Inside the outline, add "
       .. "impressions between the existing hairs at about 30 per cm2 so the top matches "
       .. "the sides. Match his black stubble: on this skin a diluted ink will not read as hair. "
       .. "Work evenly, along his hair's forward grain, and do not go past the outline or the "
       .. "top will look like a helmet against the sides.",
  difficulty = 1,
  sessions = 3,
  pass_mark = 70,
  seed = 205,

  client = {
    skin = 5,                           -- Fitzpatrick V
    heal_lightening = 0.1,              -- darker skin: healed dots lighten little
    age = 38,
  },

  hair = {
    -- the thin top at about half; the rest of the top, the sides and back at full density
    { shape = thin, density = 42, color = stubble, length = 0.5 },
    { shape = norwood(1).hair[2].shape, density = 85, color = stubble, length = 0.5 },
    { shape = norwood(1).hair[1].shape, density = 85, color = stubble, length = 0.5 },
  },

  zones = {
    {
      id = "top",
      name = "Thin top",
      shape = thin,
      density = 30,                     -- added impressions per cm2 (on top of the hair)
      tolerance = 6,
      angle = 270,
      depth = 1.0,
    },
  },

  -- Every case judges grain, density and shade. A gate fails the work whatever its overall
  -- score: ink off the plan, bare or crowded areas, the wrong shade, a blown-out or faded
  -- depth, a ruled grid, grain across the flow (docs/scoring.md, "Gates").
  rubric = {
    density  = { weight = 0.30, gate = 70 },   -- the level and coverage at 1 cm2, in every zone
    spacing  = { weight = 0.15, pattern_weight = 0.5, max_merged_fraction = 0.2, gate = 60 },   -- merges; half: a natural pattern
    grain    = { weight = 0.15, gate = 60 },   -- degrees off the hair's flow
    -- On type V skin the kit's dilutions land further apart from the hair's shade and a step
    -- moves the healed colour less than on fair skin (about 3 ΔE00 against 5-7): full marks
    -- within 2 ΔE00, and a higher gate so one step off still fails.
    shade    = { weight = 0.15, tolerance = 2, gate = 70 },   -- the healed colour against the target
    depth    = { weight = 0.10, gate = 50 },   -- dots outside the depth window
    boundary = { weight = 0.15, gate = 60 },   -- ink outside the plan (1 mm margin, 1 % allowed)
    look     = { weight = 0.10, gate = 40 },   -- the tone from 1 m against the plan's; scars against the skin
  },

  tools = { needles = { 0.25, 0.30, 0.35 }, inks = { 1.0, 0.75, 0.5 } },
}
