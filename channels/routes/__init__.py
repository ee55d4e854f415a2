"""One router per channel or resource."""
