-- No loadfile (line 2).
local f = loadfile("other.lua")
