"""The coding round: implementation problems as data, a sandbox that runs candidate code, grading data."""
