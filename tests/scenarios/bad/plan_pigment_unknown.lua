-- A plan's pigment must be in the kit.
scenario {
  id = "x", title = "X", brief = "X", sessions = 2,
  zones = { { id = "a", shape = rect { x = -10, y = 120, w = 20, h = 20 }, density = 30,
              plan = { { density = 0.3, pigment = "neon-green" }, { density = 1 } } } },
}
