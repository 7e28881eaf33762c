-- A shape must be made with a constructor, not a plain table (line 2).
scenario {
  id = "plain", title = "Plain", brief = "b",
  zones = { { id = "z", shape = { x = 0, y = 100, w = 10, h = 10 }, density = 10 } },
}
