-- load(string.dump(f)): there is no string.dump (line 3).
local function f() return 1 end
local g = load(string.dump(f))
