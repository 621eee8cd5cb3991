"""Python original of pool_bytes_compress.ac: bytes to and from a
ProcessPoolExecutor through run_in_executor."""
import asyncio
from concurrent.futures import ProcessPoolExecutor

DOCS = 4


def rle_encode(data):
    out = bytearray()
    i = 0
    while i < len(data):
        run = 1
        while i + run < len(data) and run < 255 and data[i + run] == data[i]:
            run += 1
        out += bytes((run, data[i]))
        i += run
    return bytes(out)


def rle_decode(data):
    return b"".join(bytes((data[i + 1],)) * data[i] for i in range(0, len(data), 2))


def make_document(k):
    lines = []
    for line in range(2000):
        run = 10 + (line * 7 + k * 13) % (150 * (k + 1))
        lines.append(bytes((ord("a") + (line + k) % 26,)) * run + b"\n")
    return b"".join(lines)


async def main():
    loop = asyncio.get_running_loop()
    docs = [make_document(k) for k in range(DOCS)]
    with ProcessPoolExecutor() as pool:
        packed = await asyncio.gather(*(loop.run_in_executor(pool, rle_encode, d) for d in docs))
        for k in range(DOCS):
            print(f"document {k}: {len(docs[k])} bytes -> {len(packed[k])} bytes")
        unpacked = await loop.run_in_executor(pool, rle_decode, packed[-1])
    print(f"round trip of document {DOCS - 1}: {'identical' if unpacked == docs[-1] else 'DIFFERENT'}")


if __name__ == "__main__":
    asyncio.run(main())
