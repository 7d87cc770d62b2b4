"""``python -m builder`` runs the ``stagecraft`` command line."""

from builder.cli import main

if __name__ == "__main__":
    main()
