"""The YAML rule schema shared by every rule kind, declared once as pydantic models.

A rule kind (``newslint.kinds.*``) subclasses :class:`RuleBase` with its own ``kind`` literal
and parameters; :mod:`newslint.loader` validates rule files against the union of all kinds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from functools import cached_property
from typing import Annotated, Any, ClassVar, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from newslint.document import Document, document_source
from newslint.finding import Applicability, Edit, Finding, Fix, Severity

RULE_ID = r"^[A-Z]{1,4}[0-9]{3,4}$"
KEBAB = r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$"
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


class Strict(BaseModel):
    """Base for schema models: unknown keys are errors, so typos in rule files surface."""

    model_config = ConfigDict(extra="forbid", frozen=True)


FixAction = Literal["delete", "delete-line", "replace", "insert-space", "normalize", "move"]


class FixSpec(Strict):
    """How a rule repairs what it finds.

    ``delete`` removes the reported span; ``delete-line`` removes every line the span touches,
    newline included; ``replace`` puts ``replacement`` in place of the span (for ``pattern``
    rules it may refer to groups as ``\\1`` or ``\\g<name>``); ``normalize`` (for
    ``metadata`` rules) rewrites a value in its standard form (a date as ISO 8601); ``move``
    (for leaked metadata) takes a value out of the text into its metadata field.
    """

    action: FixAction
    applicability: Applicability = Applicability.SAFE
    replacement: str | None = None

    @model_validator(mode="after")
    def _replacement_matches_action(self) -> FixSpec:
        if self.action == "replace" and self.replacement is None:
            raise ValueError("action 'replace' needs a 'replacement'")
        if self.action != "replace" and self.replacement is not None:
            raise ValueError(
                f"'replacement' is only used with action 'replace', not {self.action!r}"
            )
        return self


class Example(Strict):
    """A text a rule is tested on; ``match``, if given, is the exact text it must report."""

    text: str
    metadata: dict[str, Any] = Field(default_factory=dict)
    match: str | None = None


class FixExample(Strict):
    """A text before and after the rule's fix has run to a fixed point (and, for rules that
    fix metadata, the metadata values after it)."""

    before: str
    after: str
    metadata: dict[str, Any] = Field(default_factory=dict)
    metadata_after: dict[str, Any] = Field(default_factory=dict)


def _as_example(value: Any) -> Any:
    return {"text": value} if isinstance(value, str) else value


class Examples(Strict):
    """Every rule documents and tests itself: texts it flags, texts it passes, fixes."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    flag: Annotated[list[Example], Field(min_length=1)]
    pass_: Annotated[list[Example], Field(min_length=1, alias="pass")]
    fix: list[FixExample] = Field(default_factory=list)

    @field_validator("flag", "pass_", mode="before")
    @classmethod
    def _strings_are_examples(cls, value: Any) -> Any:
        return [_as_example(v) for v in value] if isinstance(value, list) else value


class RuleBase(Strict):
    """Fields every rule has, whatever its kind."""

    #: Placeholders a kind's messages may use besides ``{match}``.
    PLACEHOLDERS: ClassVar[frozenset[str]] = frozenset({"match"})
    #: Fix actions the kind knows how to carry out.
    FIX_ACTIONS: ClassVar[frozenset[str]] = frozenset({"delete", "delete-line", "replace"})

    id: Annotated[str, Field(pattern=RULE_ID)]
    name: Annotated[str, Field(pattern=KEBAB)]
    category: Annotated[str, Field(pattern=KEBAB)]
    severity: Literal["error", "warning", "info"]
    message: Annotated[str, Field(min_length=1)]
    description: Annotated[str, Field(min_length=1)]
    kind: str
    fields: Annotated[list[str], Field(min_length=1)] = ["text"]
    languages: list[Annotated[str, Field(pattern=r"^[a-z]{2,3}$")]] | None = None
    #: metadata the document must have for the rule to apply: field -> value (``domain``
    #: is also read from the ``url``); mined rules name their source this way
    when: dict[str, Annotated[str, Field(min_length=1)]] | None = None
    fix: FixSpec | None = None
    examples: Examples

    @model_validator(mode="after")
    def _check_consistency(self) -> RuleBase:
        allowed = self.placeholders()
        unknown = set(_PLACEHOLDER.findall(self.message)) - allowed
        if unknown:
            known = ", ".join("{" + p + "}" for p in sorted(allowed))
            raise ValueError(
                f"message uses unknown placeholder(s) {sorted(unknown)}; this kind knows {known}"
            )
        if self.fix is not None:
            if self.fix.action not in self.FIX_ACTIONS:
                raise ValueError(
                    f"fix action {self.fix.action!r} is not available for kind {self.kind!r} "
                    f"(available: {', '.join(sorted(self.FIX_ACTIONS))})"
                )
            if not self.examples.fix:
                raise ValueError("a rule with a fix needs at least one examples.fix entry")
        elif self.examples.fix:
            raise ValueError("examples.fix given but the rule has no fix")
        return self

    def placeholders(self) -> frozenset[str]:
        """Names the message may use in braces."""
        return self.PLACEHOLDERS

    def applies_to(self, document: Document) -> bool:
        """Whether the document has the metadata the rule's ``when`` asks for."""
        return not self.when or all(
            document_source(document, key) == value for key, value in self.when.items()
        )

    @cached_property
    def level(self) -> Severity:
        return Severity.parse(self.severity)

    @cached_property
    def _template(self) -> str:
        """The message as a str.format template: its own braces escaped, placeholders not."""
        template = self.message.replace("{", "{{").replace("}", "}}")
        for name in set(_PLACEHOLDER.findall(self.message)):
            template = template.replace("{{" + name + "}}", "{" + name + "}")
        return template

    def render(self, **values: str) -> str:
        """The rule's message with its placeholders filled in (in one pass, so a value
        that itself looks like a placeholder is left alone)."""
        return self._render(values)

    def _render(self, values: dict[str, str]) -> str:
        """:meth:`render` of a dict the caller already has (a finding's values): unpacking
        and packing them again would double the cost of a message."""
        try:
            return self._template.format_map(values)
        except KeyError:  # a placeholder without a value stays as written
            return self._template.format_map(_Unfilled(values))

    def finding(
        self,
        document: Document,
        field: str,
        start: int,
        end: int,
        fix: Fix | None = None,
        **values: str,
    ) -> Finding:
        """A finding of this rule at ``[start, end)`` of ``field`` in ``document``, with its
        line and column; ``{match}`` in the message is that span."""
        match = values["match"] if "match" in values else document.text_of(field)[start:end]
        values["match"] = shorten(match)
        index = document.index(field)
        where = (start, end, *index.position(start), *index.position(end))
        return self.finding_at(document, field, where, self._render(values), fix)

    def finding_at(
        self,
        document: Document,
        field: str,
        where: tuple[int, int, int, int, int, int],
        message: str,
        fix: Fix | None = None,
    ) -> Finding:
        """A finding of this rule in ``field`` of ``document`` with ``message``, at ``where``:
        start, end, line, column, end line, end column."""
        return Finding(
            self.id,
            self.name,
            self.category,
            self.level,
            message,
            field,
            *where,
            fix,
            document.path,
            document.record,
            document.id,
        )

    def make_fix(
        self, text: str, start: int, end: int, replacement: str | None = None
    ) -> Fix | None:
        """The rule's fix for the span ``[start, end)`` of ``text``, or None without one.

        ``replacement`` overrides the YAML replacement (pattern rules pass the expanded
        template).
        """
        spec = self.fix
        if spec is None:
            return None
        if spec.action == "delete":
            edit = Edit(start, end, "")
        elif spec.action == "delete-line":
            edit = Edit(*line_span(text, start, end), "")
        else:
            edit = Edit(start, end, spec.replacement if replacement is None else replacement)
        return Fix((edit,), spec.applicability)


R = TypeVar("R", bound=RuleBase)


def texts_read(rules: Iterable[R], document: Document) -> Iterator[tuple[R, str, str]]:
    """Each rule with each field it reads that the document has, and that field's text."""
    for rule in rules:
        for field in rule.fields:
            text = document.fields.get(field)
            if text:
                yield rule, field, text


class _Unfilled(dict):
    """Values for a message; a placeholder without one stays as written."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def line_span(text: str, start: int, end: int) -> tuple[int, int]:
    """The span of the whole lines that ``[start, end)`` touches, with their newline.

    On the last line of a text without a final newline, the newline before it is taken
    instead, so that deleting it leaves no dangling empty line.
    """
    line_start = text.rfind("\n", 0, start) + 1
    last = max(start, end - 1) if end > start else start
    nl = text.find("\n", last)
    if nl != -1:
        return line_start, nl + 1
    return max(line_start - 1, 0), len(text)


def shorten(text: str, limit: int = 80) -> str:
    """``text`` on one line, cut to ``limit`` characters for a message."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
