"""Subcommands: one module each, registered here (``newslint COMMAND --help``).

A command module has ``HELP`` (one line), a docstring (its ``--help`` description),
``add_arguments(parser)`` and ``run(args) -> exit code``.
"""

from types import ModuleType

from newslint.commands import check, corpus, explain, mine, rules, test_rules

COMMANDS: dict[str, ModuleType] = {
    "check": check,
    "rules": rules,
    "explain": explain,
    "test-rules": test_rules,
    "mine": mine,
    "corpus": corpus,
}
