"""newslint: a data-quality linter for scraped news text.

Library use::

    import newslint

    for finding in newslint.lint_text(text):
        print(finding.line, finding.column, finding.rule, finding.message)

    result = newslint.fix_text(text)
    clean = result.text

    findings = newslint.lint_batch(records)   # dicts, as JSON Lines records parse
"""

__version__ = "0.1.0"

from newslint.api import default_linter, fix_text, lint_batch, lint_text, make_linter
from newslint.document import Document
from newslint.engine import Linter
from newslint.finding import Applicability, Edit, Finding, Fix, Severity
from newslint.fixer import FixResult
from newslint.sources import FieldMap

__all__ = [
    "Applicability",
    "Document",
    "Edit",
    "FieldMap",
    "Finding",
    "Fix",
    "FixResult",
    "Linter",
    "Severity",
    "__version__",
    "default_linter",
    "fix_text",
    "lint_batch",
    "lint_text",
    "make_linter",
]
