-- A plan for three sessions in a two-session case.
scenario {
  id = "x", title = "X", brief = "X", sessions = 2,
  plan = { { density = 0.3 }, { density = 0.7 }, { density = 1 } },
  zones = { { id = "a", shape = rect { x = -10, y = 120, w = 20, h = 20 }, density = 30 } },
}
