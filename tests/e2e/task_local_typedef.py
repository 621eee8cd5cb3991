# a typedef of task(int) has no Python counterpart: the twin prints the result
print(1, 1)
