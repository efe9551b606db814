"""One module per ``newsparse`` subcommand: ``add_parser(subparsers)`` and ``run(args)``."""
