-- A runtime error on line 3.
local depth = nil
local deeper = depth + 1
