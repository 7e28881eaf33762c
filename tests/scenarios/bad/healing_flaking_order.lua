-- The flaking ends before it starts.
scenario {
  id = "x", title = "X", brief = "X",
  healing = { flaking = { 5, 3 } },
  zones = { { id = "a", shape = rect { x = -10, y = 120, w = 20, h = 20 }, density = 30 } },
}
