-- three_sessions.lua: the practice field built in three sessions (tests/gui/sessions_test.sh).
-- A small field, each session with its share of the final density (plan), healing two
-- weeks between sessions. Coordinates as in scenarios/01_practice_field.lua.
scenario {
  id = "test-three-sessions",
  title = "Three sessions on a small field",
  brief = "Build the field in three sessions: a light first pass, then fill in over the healed dots.",
  difficulty = 1,
  time_limit = 0,
  sessions = 3,
  pass_mark = 70,
  client = { skin = 3, heal_lightening = 0.25 },
  healing = { interval = 14, redness = 2, flaking = { 3, 5 }, settled = 7 },
  zones = {
    {
      id = "field",
      name = "Field",
      shape = rect { x = -20, y = 120, w = 40, h = 30 },
      density = 30,
      tolerance = 5,
      angle = 270,
      depth = 1.0,
      plan = { { density = 0.4 }, { density = 0.75 }, { density = 1 } },
    },
  },
  rubric = {
    density  = { weight = 0.40 },
    spacing  = { weight = 0.20 },
    grain    = { weight = 0.20 },
    depth    = { weight = 0.20 },
  },
  depth_window = { shallow = 0.5, deep = 1.5 },
}
