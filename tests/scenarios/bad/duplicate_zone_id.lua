-- Two zones with the same id (line 2).
scenario {
  id = "dup", title = "Dup", brief = "b",
  zones = {
    { id = "z", shape = rect { x = 0, y = 100, w = 10, h = 10 }, density = 10 },
    { id = "z", shape = rect { x = 0, y = 120, w = 10, h = 10 }, density = 10 },
  },
}
