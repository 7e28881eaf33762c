-- A criterion's tolerance must be below its zero point.
scenario { id = "t", title = "t", brief = "b",
  zones = { { id = "z", shape = rect { x = -10, y = 120, w = 20, h = 20 }, density = 20 } },
  rubric = { density = 1, grain = { weight = 1, tolerance = 50, zero = 40 } } }
