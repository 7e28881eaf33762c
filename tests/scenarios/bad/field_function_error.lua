-- A target function that raises: reported at its own line.
scenario { id = "t", title = "t", brief = "b",
  zones = { { id = "z", shape = rect { x = -10, y = 120, w = 20, h = 20 }, density = 20,
              depth = function(x, y)
                return x + nil
              end } } }
