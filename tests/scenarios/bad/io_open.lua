-- No io library (line 3).
local path = "/etc/passwd"
local f = io.open(path)
