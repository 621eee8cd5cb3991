"""Python original of pool_read_files.ac (the tutorial's exercise "use
ThreadPoolExecutor to read 5 files concurrently")."""
import asyncio
import os
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor

NFILES = 5


def read_file(path):
    # Blocking file I/O, run on a worker thread
    with open(path) as f:
        return f.read()


def make_files(directory):
    paths = []
    for i in range(1, NFILES + 1):
        path = os.path.join(directory, f"file{i}.txt")
        with open(path, "w") as f:
            f.write(f"line of file {i}\n" * i)
        paths.append(path)
    return paths


async def main():
    start = time.monotonic()
    loop = asyncio.get_running_loop()
    with tempfile.TemporaryDirectory() as directory:
        paths = make_files(directory)
        with ThreadPoolExecutor(max_workers=NFILES) as pool:
            contents = await asyncio.gather(
                *(loop.run_in_executor(pool, read_file, p) for p in paths))
        for path, text in zip(paths, contents):
            first = text.split("\n")[0]
            print(f"{os.path.basename(path)}: {len(text)} bytes, "
                  f"{text.count(chr(10))} lines, first: {first!r}")
    print(f"elapsed: {time.monotonic() - start:.2f}s")


asyncio.run(main())
