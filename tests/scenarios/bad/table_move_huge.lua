-- table.move loops in C: charged per element (line 2).
table.move({}, 1, 1e12, 2)
