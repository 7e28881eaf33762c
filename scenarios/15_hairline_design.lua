-- 15_hairline_design.lua: design the hairline yourself, then pigment to it (issue 9).
--
-- The consultation comes first (UK standard SKABA8: a design template agreed with the
-- client; ../shared/domain/assessment-and-healing.md). The trainee draws the front hairline
-- across the forehead and places the two temple points; the design is judged against the
-- landmark rules of this client's head (docs/scoring.md, "Hairline design"), and the
-- hairline zone below is cut from it: 25 mm behind the designed line, within the outlined
-- front (docs/scenario-api.md, "Hairline design exercise").
--   * a 52-year-old: the mid-frontal point 85 mm above the glabella (80-90 for his age band,
--     +-6 mm; smp.md, "hairline"), a conservative line for a mature face;
--   * the temple points on the temple peaks, about 5 cm on from the frontotemporal corners;
--   * micro- and macro-irregular, never straight, not too low.

head { length = 195, age = 52 }
local loss = norwood(3)

-- Where a hairline may be designed: the forehead's upper half and the recessions, from
-- temple peak to temple peak. The design's band is cut from it.
local front = polygon {
  { landmark.temple_peak_left[1] - 15, landmark.temple_peak_left[2] + 20 },
  { landmark.temple_peak_left[1] - 15, landmark.mfp[2] - 25 },
  { landmark.temple_peak_right[1] + 15, landmark.mfp[2] - 25 },
  { landmark.temple_peak_right[1] + 15, landmark.temple_peak_right[2] + 20 },
  { 0, landmark.mfp[2] + 50 },
}

scenario {
  id = "hairline-design",
  title = "Design the hairline, then pigment it",
  brief = "Your client is 52, Norwood 3. First the consultation: draw his front hairline across "
       .. "the forehead (one stroke from one corner to the other, or click points; drag them to adjust) and place "
       .. "the two temple points, then press Done. The design is judged on the landmark rules: the "
       .. "height for his age, symmetry, the temple points, irregularity, never straight, not too low. "
       .. "Then pigment your own design: sparse and irregular at the front, about 28 per cm2 within 8 mm.",
  difficulty = 4,
  sessions = 1,
  pass_mark = 70,
  seed = 1502,

  client = { skin = 3, heal_lightening = 0.25, age = 52 },
  hair = loss.hair,

  zones = {
    {
      id = "hairline", name = "Your hairline", role = "hairline",
      shape = front,                    -- cut to 25 mm behind the trainee's design
      density = ramp { from = 6, to = 28, width = 8 },
      tolerance = 5,
      angle = 270,                      -- forward
      depth = 0.9,
    },
  },

  design = { zone = "hairline", depth = 25, weight = 0.3, gate = 50 },

  rubric = {
    density  = { weight = 0.30, gate = 70 },
    spacing  = { weight = 0.15, pattern_weight = 0.5, max_merged_fraction = 0.2, gate = 60 },
    grain    = { weight = 0.15, gate = 60 },
    shade    = { weight = 0.15, gate = 50 },
    depth    = { weight = 0.10, gate = 50 },
    look     = { weight = 0.10, gate = 40 },
    boundary = { weight = 0.15, gate = 60, hard = 5, soft = 0.5 },   -- ink outside the band behind your design: the forehead counts 5, his own hair near it 0.5
    hairline = { weight = 0.20, tolerance = 2, zero = 12, gate = 50 },
  },

  depth_window = { shallow = 0.5, deep = 1.5 },
  view = { x0 = -120, y0 = 50, x1 = 120, y1 = 160 },
}
