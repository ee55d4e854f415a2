"""Conversations keyed by a phone number (SMS and phone calls share one), without storing the number.

The key is a keyed hash of the number; the state kept is what the channels need: the language, the
choices last offered (so "2" means the second one), STOP, and counts for rate limits and daily caps.
Message text is never stored here.
"""

from services.messaging.service import (
    PhoneConversationInfo,
    claim_inbound,
    conversation_key,
    get_or_start,
    inbound_since,
    outbound_since,
    record_outbound,
    set_choices,
    set_language,
    set_stopped,
)

__all__ = [
    "PhoneConversationInfo",
    "claim_inbound",
    "conversation_key",
    "get_or_start",
    "inbound_since",
    "outbound_since",
    "record_outbound",
    "set_choices",
    "set_language",
    "set_stopped",
]
