-- string.rep of an empty string a quadrillion times: charged per copy (line 2).
local s = ("").rep("", 1e15)
