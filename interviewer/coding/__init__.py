"""The coding round: a sandbox that runs candidate code, and grading (the problems are bank data)."""
