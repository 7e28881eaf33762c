-- Every key of the scenario API, each set away from its default.
scenario {
  id = "all-keys_2",
  title = "All the keys",
  brief = "A scenario that sets every field. Ünïcödé is fine in text.",
  difficulty = 4,
  time_limit = 900,
  sessions = 2,
  pass_mark = 80,
  client = { skin = 5, skin_color = "#FF8000", heal_lightening = 0.4 },
  hair = {
    { shape = ellipse { x = 140, y = 200, rx = 30, ry = 80, rotation = 10 }, density = 90,
      color = "#101010", length = 3 },
    { shape = rect { x = -170, y = 150, w = 40, h = 100 }, density = 70 },
  },
  zones = {
    { id = "crown", name = "Crown", shape = circle { x = 10, y = 190, r = 25 }, density = 60,
      tolerance = 8, angle = 90, ink = 0.75, depth = 1.2 },
    { id = "front", shape = rect { x = -30, y = 85, w = 60, h = 20 }, density = 20, angle = -90 },
    { id = "temple", shape = ellipse { x = -60, y = 110, rx = 15, ry = 8, rotation = 30 }, density = 35 },
    { id = "scar", shape = polygon { {0, 300}, {20, 300}, {20, 305}, {0, 305} }, density = 0 },
  },
  rubric = {
    density = { weight = 2 },
    spacing = { weight = 1, merge_factor = 1.5, max_merged_fraction = 0.2 },
  },
  tools = { needles = { 0.18, 0.3 }, inks = { 1, 0.25, 0.1 } },
  depth_window = { shallow = 0.4, deep = 1.8 },
  view = { x0 = -100, y0 = 60, x1 = 100, y1 = 320 },
}
