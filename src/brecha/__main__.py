"""``python -m brecha`` runs the command line."""

from brecha.cli import main

main()
