"""`python -m interviewer` runs the CLI."""

from interviewer.frontends.cli import main

main()
