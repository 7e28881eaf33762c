-- A target function that gives NaN somewhere in the zone: the zone and field are named.
scenario { id = "t", title = "t", brief = "b",
  zones = { { id = "z", shape = rect { x = -10, y = 120, w = 20, h = 20 },
              density = function(x, y) if x > 5 then return 0 / 0 end return 20 end } } }
