"""Which rules run: ``select``, ``extend-select`` and ``ignore`` decided in one place.

A selector names a rule by id (``NL101``), id prefix (``NL1``), name (``paywall-fields``),
category (``boilerplate``) or ``ALL``. When a rule is both selected and ignored, the more
specific selector wins (flake8's decision engine): ``--select boilerplate --ignore NL101``
runs every boilerplate rule but NL101, and ``--ignore boilerplate --extend-select NL101``
runs NL101 alone of them. On a tie, ignore wins.

Settings come in layers, the configuration file's and then the command line's
(:func:`layered`): a later layer's ``select`` starts afresh, and its ``extend-select`` and
``ignore`` change what the layers before chose, so ``--extend-select NL903`` runs NL903 even
where the configuration ignores it.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from newslint.rule import RuleBase


class Specificity(enum.IntEnum):
    """How precisely a selector names a rule; higher beats lower."""

    NONE = 0
    ALL = 1
    CATEGORY = 2
    PREFIX = 3  # plus the prefix length, so NL10 beats NL1
    EXACT = 1000


class UnknownSelector(ValueError):
    """A selector that names no rule, id prefix or category: almost always a typo."""


def specificity(selector: str, rule: RuleBase) -> int:
    """How specifically ``selector`` names ``rule`` (0: not at all)."""
    if selector == "ALL":
        return Specificity.ALL
    if selector in (rule.id, rule.name):
        return Specificity.EXACT
    if selector == rule.category:
        return Specificity.CATEGORY
    if selector.isupper() and rule.id.startswith(selector):
        return Specificity.PREFIX + len(selector)
    return Specificity.NONE


@dataclass(frozen=True)
class Selection:
    """The user's select/ignore choices; :meth:`apply` turns them into the rules to run."""

    select: tuple[str, ...] = ("ALL",)
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()

    def wants(self, rule: RuleBase) -> bool:
        chosen = max((specificity(s, rule) for s in (*self.select, *self.extend_select)), default=0)
        if chosen == Specificity.NONE:
            return False
        dropped = max((specificity(s, rule) for s in self.ignore), default=0)
        return chosen > dropped

    def apply(self, rules: Sequence[RuleBase]) -> list[RuleBase]:
        """The rules to run, in their original order; unknown selectors raise."""
        self.validate(rules)
        return [r for r in rules if self.wants(r)]

    def validate(self, rules: Iterable[RuleBase]) -> None:
        rules = list(rules)
        for selector in (*self.select, *self.extend_select, *self.ignore):
            if selector != "ALL" and not any(specificity(selector, r) for r in rules):
                raise UnknownSelector(
                    f"{selector!r} matches no rule id, id prefix, name or category "
                    "(see `newslint rules`)"
                )


def layered(rules: Sequence[RuleBase], layers: Sequence[Selection | None]) -> list[RuleBase]:
    """The rules ``layers`` choose, in their original order: each layer decides the rules
    its selectors name (a layer with ``select`` decides every rule), and leaves the others as
    the layers before it left them; before the first, every rule is chosen. A layer of None
    is skipped. Unknown selectors raise."""
    chosen = {id(rule) for rule in rules}
    for layer in layers:
        if layer is None:
            continue
        layer.validate(rules)
        for rule in rules:
            picked = max(
                (specificity(s, rule) for s in (*layer.select, *layer.extend_select)), default=0
            )
            dropped = max((specificity(s, rule) for s in layer.ignore), default=0)
            if picked > dropped:
                chosen.add(id(rule))
            elif dropped or layer.select:  # ignored, or left out of a fresh selection
                chosen.discard(id(rule))
    return [rule for rule in rules if id(rule) in chosen]
