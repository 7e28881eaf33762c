-- A backtracking pattern on a long string: charged by its worst case (line 3).
local s = string.rep("a", 100000)
local found = s:find(".-.-.-.-b")
