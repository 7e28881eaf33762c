-- The tolerance must be smaller than the density (line 2).
scenario {
  id = "tol", title = "Tolerance", brief = "b",
  zones = { { id = "z", shape = rect { x = 0, y = 100, w = 10, h = 10 }, density = 10, tolerance = 12 } },
}
