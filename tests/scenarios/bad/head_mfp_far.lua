-- the mid-frontal point placed off the forehead
head { mfp = {0, 900} }
