"""The floor of bench/load_uncached.py: the smallest FastAPI app on uvicorn as `milex serve`
runs it (`uvicorn.run(app, host, port, log_level="warning")`), answering every request for
`/api/v1/pathway` with a fixed JSON object and doing nothing else. Under the same wrk load as
the real endpoint, it measures what the HTTP server and the framework alone cost on this
machine: the bound no endpoint of the app can beat.

    python bench/floor_app.py PORT
"""

from __future__ import annotations

import sys

import uvicorn
from fastapi import FastAPI

app = FastAPI()


@app.get("/api/v1/status")
@app.get("/api/v1/pathway")
async def hello() -> dict[str, bool]:
    return {"ok": True}


if __name__ == "__main__":
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
