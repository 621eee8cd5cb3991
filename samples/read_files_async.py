"""Python original of read_files_async.ac (the tutorial's exercise "read 5
files concurrently", with the file I/O off the event loop: aiofiles is not
installed here, so each read and write is a plain one in asyncio.to_thread,
which is what aiofiles does underneath)."""
import asyncio
import os
import tempfile
import time

NFILES = 5


def write_file(path, text):
    with open(path, "w") as f:
        f.write(text)


def read_file(path):
    with open(path) as f:
        return f.read()


async def main():
    start = time.monotonic()
    directory = tempfile.mkdtemp(prefix="asyncc-files-")
    paths = [os.path.join(directory, f"file{i}.txt") for i in range(1, NFILES + 1)]
    await asyncio.gather(*(asyncio.to_thread(write_file, p, f"line of file {i}\n" * i)
                           for i, p in enumerate(paths, 1)))

    contents = await asyncio.gather(*(asyncio.to_thread(read_file, p) for p in paths))
    for path, text in zip(paths, contents):
        first = text.split("\n")[0]
        print(f"{os.path.basename(path)}: {len(text)} bytes, "
              f"{text.count(chr(10))} lines, first: {first!r}")
    for p in paths:
        await asyncio.to_thread(os.unlink, p)
    await asyncio.to_thread(os.rmdir, directory)
    print(f"elapsed: {time.monotonic() - start:.2f}s")


asyncio.run(main())
