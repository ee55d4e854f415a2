"""The FastAPI gateway: web chat, JSON API, health checks and (later) SMS, phone and staff routes."""
