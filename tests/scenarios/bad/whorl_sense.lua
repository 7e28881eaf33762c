-- whorl { } with a misspelt sense: the error is on the line of the whorl call.
local crown = circle { x = 8, y = 205, r = 40 }
local grain = whorl { x = 8, y = 205, sense = "anticlockwise" }
scenario { id = "t", title = "t", brief = "b",
  zones = { { id = "crown", shape = crown, density = 20, angle = grain } } }
