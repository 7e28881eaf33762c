-- A finalizer would run with hooks off, so __gc is refused (line 2).
setmetatable({}, { __gc = function() while true do end end })
