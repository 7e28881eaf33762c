-- At most 32 zones (line 6).
local zones = {}
for i = 1, 33 do
  zones[i] = { id = "z" .. i, shape = circle { x = 0, y = 100 + i * 5, r = 2 }, density = 10 }
end
scenario { id = "many", title = "Many", brief = "b", zones = zones }
