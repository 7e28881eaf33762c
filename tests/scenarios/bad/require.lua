-- No require (line 2).
local socket = require("socket")
