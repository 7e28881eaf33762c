-- whorl { } is a direction: not a density.
scenario { id = "t", title = "t", brief = "b",
  zones = { { id = "z", shape = rect { x = -10, y = 120, w = 20, h = 20 },
              density = whorl { x = 0, y = 130 } } } }
