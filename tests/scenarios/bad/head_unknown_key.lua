-- a misspelt landmark
head { length = 195, temple_peek_left = {-90, 120} }
