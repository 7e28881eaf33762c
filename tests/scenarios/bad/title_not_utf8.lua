-- Text must be UTF-8 (line 2).
scenario {
  id = "utf", title = "Caf\xe9", brief = "b",
  zones = { { id = "z", shape = rect { x = 0, y = 100, w = 10, h = 10 }, density = 10 } },
}
