-- string.rep with a 10 GB result: refused at once by the memory limit (line 3).
local pad = "x"
local s = string.rep(pad, 1e10)
