"""``python -m milex``: the same as the ``milex`` command."""

from milex.cli import main

main(prog_name="milex")  # so that usage and --version name the command, not the module
