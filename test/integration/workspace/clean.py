"""Async code that keeps the event loop free."""
import asyncio
import time

import httpx


async def fetch_status(url: str) -> int:
    await asyncio.sleep(0.5)
    async with httpx.AsyncClient() as client:
        response = await client.get(url, timeout=10)
    return response.status_code


async def pause_in_thread() -> None:
    await asyncio.to_thread(time.sleep, 0.5)


def synchronous_pause() -> None:
    time.sleep(0.5)
