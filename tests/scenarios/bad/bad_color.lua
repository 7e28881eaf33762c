-- Colours are "#rrggbb" (line 2).
scenario {
  id = "colour", title = "Colour", brief = "b",
  hair = { { shape = circle { x = 150, y = 200, r = 20 }, density = 80, color = "brown" } },
  zones = { { id = "z", shape = rect { x = 0, y = 100, w = 10, h = 10 }, density = 10 } },
}
