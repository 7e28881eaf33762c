-- No dofile (line 2).
dofile("/etc/passwd")
