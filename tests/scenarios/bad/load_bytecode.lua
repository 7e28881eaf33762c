-- load refuses a precompiled chunk: assert fails on line 3.
local chunk = "\27Lua\84\0\25\147\13\10\26\10"
local f = assert(load(chunk))
