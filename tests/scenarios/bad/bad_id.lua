-- Ids use a-z, 0-9, '-' and '_' only (line 2).
scenario {
  id = "Practice Field", title = "Id", brief = "b",
  zones = { { id = "z", shape = rect { x = 0, y = 100, w = 10, h = 10 }, density = 10 } },
}
