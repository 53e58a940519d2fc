"""The LLM side: the endpoint client, reply schemas, prompts, and the local model and its server."""
