local b = union(rect { x = 0, y = 100, w = 10, h = 10 }, { x = 5 })
