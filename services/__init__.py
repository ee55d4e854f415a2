"""Domain services: triage, booking, applications, identity, notifications and storage.

Nothing in this package imports rasa, rasa_sdk or fastapi, so every piece can be used and tested
without a server.
"""
