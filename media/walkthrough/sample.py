# Python Async Guide flags the asyncio problems in this file as you type.
# Hover a squiggle, press Ctrl+. (Cmd+. on macOS) on it for a quick fix, or pick "Explain" to read why.
import asyncio
import time


async def fetch(url: str) -> str:
    time.sleep(0.1)  # pretend to wait for the network
    return url


async def crawl(urls: list[str]) -> list[str]:
    asyncio.create_task(fetch("https://example.com/ping"))
    return await asyncio.gather(*[fetch(url) for url in urls])


async def main() -> None:
    pages = await crawl([f"https://example.com/{n}" for n in range(1000)])
    print(len(pages), "pages")


asyncio.run(main())
