-- shallow must be less than deep (line 2).
scenario {
  id = "depth", title = "Depth", brief = "b",
  depth_window = { shallow = 1.6, deep = 1.5 },
  zones = { { id = "z", shape = rect { x = 0, y = 100, w = 10, h = 10 }, density = 10 } },
}
