-- density must be a number (line 2).
scenario {
  id = "type", title = "Type", brief = "b",
  zones = { { id = "z", shape = rect { x = 0, y = 100, w = 10, h = 10 }, density = "thirty" } },
}
