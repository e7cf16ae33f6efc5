"""What a catalogue entry is: a sentence, or a sentence that agrees with a count.

Kept apart from the journey tables so that each table is plain data and the one lookup in
``monparis_app.messages`` is the only code that renders them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Plural:
    """One sentence in its singular and plural forms, chosen by the ``count`` parameter.

    French puts 0 and 1 in the singular ("il vous reste 1 essai", "0 essai"), anything above in
    the plural; ``zero`` is for the few sentences that say "aucun" instead of a number.
    """

    count: str
    one: str
    other: str
    zero: str | None = None

    def form(self, params: Mapping[str, object]) -> str:
        """The wording for the count in ``params`` (a missing count is a programming error)."""
        number = params[self.count]
        if not isinstance(number, int):
            raise TypeError(f"{self.count} must be an int, not {type(number).__name__}")
        if number == 0 and self.zero is not None:
            return self.zero
        return self.other if number > 1 else self.one


Template = str | Plural


def render(template: Template, params: Mapping[str, object]) -> str:
    """Fill ``template`` with ``params``; a sentence without placeholders is returned as is."""
    text = template.form(params) if isinstance(template, Plural) else template
    return text.format(**params) if params else text
