-- norwood() takes stages 1..7.
local loss = norwood(8)
scenario { id = "t", title = "t", brief = "b",
  zones = { { id = "z", shape = rect { x = -10, y = 120, w = 20, h = 20 }, density = 20 } } }
