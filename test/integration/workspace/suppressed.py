"""Findings hidden with noqa comments, and one left visible."""
import time

import requests


async def poll(url: str) -> None:
    time.sleep(1)  # noqa: ASYNC251
    requests.get(url)  # noqa
    time.sleep(2)
