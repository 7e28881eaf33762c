-- A tutorial given as a table with keys, not a list of steps.
scenario { id = "t", title = "T", brief = "B", tutorial = { place = true },
  zones = { { id = "a", shape = rect { x = -10, y = 120, w = 20, h = 20 }, density = 30 } } }
