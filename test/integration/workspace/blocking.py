"""A small async client that blocks the event loop twice."""
import asyncio
import time

import requests


async def fetch_status(url: str) -> int:
    time.sleep(0.5)
    response = requests.get(url, timeout=10)
    return response.status_code


async def main() -> None:
    await asyncio.sleep(0.1)
    print(await asyncio.gather(fetch_status("https://example.org"), fetch_status("https://example.com")))


if __name__ == "__main__":
    asyncio.run(main())
