"""``python -m budget_audit`` runs the command line."""

from budget_audit.cli import main

main()
