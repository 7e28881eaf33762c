-- A polygon needs at least 3 points (line 2).
local line = polygon { {0, 100}, {10, 110} }
