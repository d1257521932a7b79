"""milex on the web: a JSON API under /api/v1 and server-rendered pages, one FastAPI app."""
