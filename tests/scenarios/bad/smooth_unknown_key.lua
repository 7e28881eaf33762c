-- smooth { } checks its keys too.
local s = smooth { { 0, 120 }, { 20, 130 }, { 0, 140 }, sample = 4 }
scenario { id = "t", title = "t", brief = "b",
  zones = { { id = "z", shape = s, density = 20 } } }
