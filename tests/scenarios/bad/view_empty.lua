-- The view rectangle must not be empty (line 2).
scenario {
  id = "view", title = "View", brief = "b",
  view = { x0 = 10, y0 = 0, x1 = 10, y1 = 100 },
  zones = { { id = "z", shape = rect { x = 0, y = 100, w = 10, h = 10 }, density = 10 } },
}
