-- An endless loop: stopped by the instruction budget (line 4).
local n = 0
while true do
  n = n + 1
end
