-- This file builds a zone but never calls scenario { ... }: reported on line 1.
local zone = { id = "z", shape = rect { x = 0, y = 100, w = 10, h = 10 }, density = 10 }
