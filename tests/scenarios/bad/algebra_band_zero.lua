local a = rect { x = 0, y = 100, w = 10, h = 10 }
local b = band(a, 0, 0)
