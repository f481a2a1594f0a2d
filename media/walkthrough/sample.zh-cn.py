# Python Async Guide 会在你输入时标出本文件中的 asyncio 问题。
# 把鼠标悬停在波浪线上；在它上面按 Ctrl+.（macOS 上是 Cmd+.）获取快速修复，或选“解释”了解原因。
import asyncio
import time


async def fetch(url: str) -> str:
    time.sleep(0.1)  # 假装在等待网络
    return url


async def crawl(urls: list[str]) -> list[str]:
    asyncio.create_task(fetch("https://example.com/ping"))
    return await asyncio.gather(*[fetch(url) for url in urls])


async def main() -> None:
    pages = await crawl([f"https://example.com/{n}" for n in range(1000)])
    print(len(pages), "个页面")


asyncio.run(main())
