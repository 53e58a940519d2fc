"""The question bank: questions, company profiles, stages and implementation problems as data files,
their models and loaders, and the plan of a session."""
