-- A tutorial that asks for the same step twice.
scenario { id = "t", title = "T", brief = "B", tutorial = { "place", "healed", "place" },
  zones = { { id = "a", shape = rect { x = -10, y = 120, w = 20, h = 20 }, density = 30 } } }
