-- A table that grows without end: stopped by the memory limit (line 5).
local t = {}
local i = 0
while true do
  i = i + 1; t[i] = { i }
end
