-- No os library (line 2).
os.execute("rm -rf /")
