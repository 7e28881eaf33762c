-- A bow-tie polygon crosses itself (line 3).
local ok = true
local bowtie = polygon { {0, 100}, {10, 110}, {10, 100}, {0, 110} }
