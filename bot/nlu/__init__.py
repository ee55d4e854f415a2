"""Custom NLU components, listed in config.yml by their module path."""
