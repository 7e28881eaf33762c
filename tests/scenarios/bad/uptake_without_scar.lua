-- uptake and spread only make sense on scar tissue.
scenario { id = "t", title = "t", brief = "b",
  zones = { { id = "z", shape = rect { x = -10, y = 120, w = 20, h = 20 }, density = 20, uptake = 0.5 } } }
