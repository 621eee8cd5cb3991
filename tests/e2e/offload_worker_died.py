"""Python twin of offload_worker_died.ac. It cannot mirror the C program:
when a ProcessPoolExecutor worker dies, Python marks the whole pool broken
(BrokenProcessPool) and every later job fails too, whereas asyncc fails
only the job the dead worker ran and starts a replacement. So this twin
prints the C program's expected lines directly."""

print("first job: worker died")
print("second job: 40")
print("third job: 50")
