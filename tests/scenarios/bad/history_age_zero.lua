-- A history is an old, healed work: an age of 0 years is refused.
scenario {
  id = "x", title = "X", brief = "X",
  history = { age = 0, density = 0.6, sessions = 1 },
  zones = { { id = "a", shape = rect { x = -10, y = 120, w = 20, h = 20 }, density = 30 } },
}
