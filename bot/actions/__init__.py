"""Custom actions: thin adapters from the Rasa tracker to ``services/``. Nothing is created at import."""
