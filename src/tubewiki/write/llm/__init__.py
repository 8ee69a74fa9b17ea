"""Talking to OpenAI-compatible chat servers: HTTP, prompts, the answer's schema, parsing, caching, keys."""
