"""Rule kinds: one module each, registered here.

A kind module defines ``Rule`` (a pydantic model subclassing :class:`newslint.rule.RuleBase`
with a ``kind`` literal and its parameters) and ``build(rules) -> check``, where
``check(document)`` returns the findings of all those rules in one document. Adding a kind
is one module and one line below.

A kind whose examples are not single documents (``corpus``: an example is a small corpus)
also defines ``run_example(rule, text) -> list[str]``: what the rule reports in the
example's text, compared with the example's ``match``; and ``PER_DOCUMENT = False`` when
it finds nothing in one document, so that the linter leaves it out.
"""

from types import ModuleType

from newslint.kinds import (
    block,
    concatenation,
    consistency,
    corpus,
    dateline,
    lines,
    metadata,
    page,
    pattern,
    phrase,
)

KINDS: dict[str, ModuleType] = {
    "phrase": phrase,
    "pattern": pattern,
    "block": block,
    "concatenation": concatenation,
    "lines": lines,
    "page": page,
    "dateline": dateline,
    "metadata": metadata,
    "consistency": consistency,
    "corpus": corpus,
}


def checks_documents(kind: str) -> bool:
    """Whether rules of ``kind`` find anything in one document (the linter runs them);
    ``corpus`` rules do not: ``newslint corpus`` runs them."""
    return getattr(KINDS[kind], "PER_DOCUMENT", True)
