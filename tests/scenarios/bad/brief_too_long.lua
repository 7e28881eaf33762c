-- The brief holds at most 1023 bytes: longer is an error, not a silent cut (line 3).
local long = string.rep("word ", 205)          -- 1025 bytes
scenario {
  id = "long", title = "Long", brief = long,
  zones = { { id = "z", shape = rect { x = 0, y = 100, w = 10, h = 10 }, density = 10 } },
}
