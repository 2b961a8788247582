"""``python -m codebudget`` runs the command line."""

from codebudget.cli.app import main

main()
