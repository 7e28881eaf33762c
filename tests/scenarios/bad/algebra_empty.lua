local a = rect { x = 0, y = 100, w = 10, h = 10 }
local b = intersect(a, rect { x = 50, y = 100, w = 10, h = 10 })
scenario { id = "x", title = "x", brief = "x", zones = { { id = "a", shape = b, density = 30, angle = 90 } } }
