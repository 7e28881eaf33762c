-- A patch of an unknown kind.
scenario { id = "t", title = "t", brief = "b",
  patches = { { kind = "scar_strp", shape = rect { x = -10, y = 300, w = 20, h = 3 } } },
  zones = { { id = "z", shape = rect { x = -10, y = 120, w = 20, h = 20 }, density = 20 } } }
