"""The gateway's settings, read once from the environment (see ``.env.example``)."""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from pydantic import BaseSettings, validator

DEV_RASA_TOKEN = "dev-rasa-token"
DEV_STAFF_SESSION_KEY = "development-only-staff-session-key-do-not-use-in-production"


class Settings(BaseSettings):
    app_env: Literal["development", "test", "production"] = "development"
    gateway_host: str = "127.0.0.1"
    gateway_port: int = 8000
    # Several Rasa (and action) servers sharing PostgreSQL and a Redis lock store: comma-separated URLs.
    rasa_url: str = "http://127.0.0.1:5005"
    rasa_token: str = DEV_RASA_TOKEN
    actions_url: str = "http://127.0.0.1:5055"
    database_url: str = "sqlite:///var/assistant.db"
    # The person must hear within 3 seconds when the assistant is unavailable.
    rasa_timeout_seconds: float = 2.5
    # Messages sent to one Rasa server at once (0: no cap). More wait up to half the timeout, then get
    # "try again" unsent, so an overloaded server is not handed work nobody will wait for (docs/deploy.md).
    rasa_max_in_flight: int = 8
    health_timeout_seconds: float = 1.0
    max_message_chars: int = 2000
    max_body_bytes: int = 16_384

    # Staff and export endpoints (/staff, /fhir): "user:token" pairs, comma-separated; empty disables them.
    staff_tokens: str = ""
    # Signs the staff pages' session cookies (HMAC-SHA256); at least 32 characters in production.
    staff_session_key: str = DEV_STAFF_SESSION_KEY

    # SMS and phone (channels/routes/sms.py). A webhook whose secret is not set answers 404.
    public_base_url: str = ""  # the address providers call, e.g. https://assistent.example.se (signatures)
    twilio_auth_token: str = ""
    elks_webhook_secret: str = ""
    elks_allowed_ips: str = ""  # comma-separated; empty allows any sender
    sms_max_body_bytes: int = 10_240
    sms_per_minute: int = 20  # messages from one number in a minute before it is ignored
    sms_daily_cap: int = 60  # messages sent to one number in 24 hours
    # How the phone speaks: Twilio's <Say> (Polly voices), or <Play> of audio from voice/
    # (needs PUBLIC_BASE_URL).
    voice_audio: Literal["say", "play"] = "say"
    voice_human_number: str = ""  # where "0" connects a caller (a staffed line), E.164

    class Config:
        env_file = ".env"
        env_file_encoding = "utf-8"

    @validator("rasa_token")
    def _no_default_secret_in_production(cls, value: str, values: dict) -> str:  # noqa: N805
        if values.get("app_env") == "production" and value == DEV_RASA_TOKEN:
            raise ValueError("RASA_TOKEN must be set to a secret value in production")
        return value

    @validator("staff_session_key")
    def _no_default_session_key_in_production(cls, value: str, values: dict) -> str:  # noqa: N805
        if values.get("app_env") == "production" and (value == DEV_STAFF_SESSION_KEY or len(value) < 32):
            raise ValueError(
                "STAFF_SESSION_KEY must be set to a secret of at least 32 characters in production"
            )
        return value

    def rasa_urls(self) -> list[str]:
        return [url.strip() for url in self.rasa_url.split(",") if url.strip()]

    def staff_users(self) -> dict[str, str]:
        """Token -> staff user id."""
        pairs = (item.strip().split(":", 1) for item in self.staff_tokens.split(",") if ":" in item)
        return {
            token.strip(): user.strip() for user, token in pairs if user.strip() and len(token.strip()) >= 16
        }


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
