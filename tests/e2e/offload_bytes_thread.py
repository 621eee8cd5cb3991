"""Python twin of offload_bytes_thread.ac: offload_bytes.py's program on a
ThreadPoolExecutor, where the same bytes object goes in and comes back."""
import asyncio
from concurrent.futures import ThreadPoolExecutor

from offload_bytes import main

if __name__ == "__main__":
    asyncio.run(main(ThreadPoolExecutor))
