-- A history must say how old the work is.
scenario {
  id = "x", title = "X", brief = "X",
  history = { density = 0.6 },
  zones = { { id = "a", shape = rect { x = -10, y = 120, w = 20, h = 20 }, density = 30 } },
}
