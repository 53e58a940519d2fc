"""The front ends without a TUI: the command line, the plain terminal, scripted runs and doctor."""
