"""The LLM interviewer's parts: the endpoint client, reply schemas, prompts and evidence checks."""
