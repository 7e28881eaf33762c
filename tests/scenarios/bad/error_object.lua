-- error() with a table: no message, still the line (5).


local t = {}
error(t)
