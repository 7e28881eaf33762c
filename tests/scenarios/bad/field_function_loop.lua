-- A target function that never returns: stopped by the instruction budget.
scenario { id = "t", title = "t", brief = "b",
  zones = { { id = "z", shape = rect { x = -10, y = 120, w = 20, h = 20 }, density = 20,
              ink = function(x, y) while true do end end } } }
