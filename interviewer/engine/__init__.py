"""The application layer: the interview (engine), the conductor's turn loop, and the setup that builds
a session from settings (backend, plan, resume, listener, speaker)."""
