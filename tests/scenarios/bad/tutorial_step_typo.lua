-- A tutorial step that is not one of place, zoom, needle, healed, finish.
scenario { id = "t", title = "T", brief = "B", tutorial = { "place", "zooom" },
  zones = { { id = "a", shape = rect { x = -10, y = 120, w = 20, h = 20 }, density = 30 } } }
