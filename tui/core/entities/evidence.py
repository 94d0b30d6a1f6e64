"""Evidence in the words around a name that it names an organisation.

A capitalised name the gazetteer does not know and no suffix types ("Shadowfax", "Best Buy")
is an organisation only when its context says so: a kind of organisation before it ("retailer
Best Buy", "energy drink company, Red Bull", "shares in Allied Domecq"), or something only
organisations have after it ("X's shares", "X spokesman", "X said it", "X Inc").
"""

from __future__ import annotations

import re

_ORG_NOUNS = (
    r"firm|company|companies|group|giant|rival|retailer|bank|carrier|airline|club|party|agency|"
    r"broker|brokerage|chain|network|union|maker|manufacturer|operator|provider|publisher|studio|"
    r"label|insurer|lender|side|team|newspaper|paper|magazine|channel|broadcaster|charity|"
    r"organisation|organization|conglomerate|subsidiary|start-up|startup|developer|distributor|"
    r"supplier|producer|regulator|watchdog|outfit|brand|franchise|exchange|fund|body|institute"
)
# Before a name, its kind of organisation ("retailer", "the drinks company,", "shares in the"),
# the words nearest it last. Matched at the start of the reversed text before the name: the same
# pattern searched for at the end of the text tried each of its 40 positions (~9 µs a name).
_KINDS_REVERSED = "|".join(noun[::-1] for noun in _ORG_NOUNS.split("|"))
_HOLDINGS = ("shares", "stakes", "stake", "invested", "investment", "invest")
_HOLDINGS_REVERSED = "|".join(w[::-1] for w in _HOLDINGS)
_BEFORE_REVERSED = re.compile(
    rf"(?:\s+eht)?\s*(?:,?\s*(?:{_KINDS_REVERSED})|ni (?:{_HOLDINGS_REVERSED}))\b",
    re.IGNORECASE,
)
_AFTER = re.compile(
    r"^(?:['’]s?)?\s*,?\s*(?:shares?\b|stock\b|spokes(?:man|woman|person)\b|chief executive\b|"
    r"chairman\b|boss\b|executives?\b|board\b|shareholders\b|subsidiary\b|Inc\b|Ltd\b|plc\b|"
    r"Corp\b|(?:has |had )?(?:said|says) it\b|, which\b|which\b|, the (?:firm|company|group)\b)"
)


def org_context(text: str, start: int, end: int) -> bool:
    """Whether the words around text[start:end] speak of an organisation."""
    return bool(
        _BEFORE_REVERSED.match(text[max(0, start - 40) : start][::-1])
        or _AFTER.match(text[end : end + 30])
    )
