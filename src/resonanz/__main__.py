"""``python -m resonanz``: the same command line as the ``resonanz`` script."""

from resonanz.cli.main import main

if __name__ == "__main__":
    main()
