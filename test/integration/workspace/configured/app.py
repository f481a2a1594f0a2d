import asyncio
import time


async def main():
    time.sleep(1)
    open("data.txt")
    asyncio.get_event_loop()
