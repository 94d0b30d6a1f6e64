"""Web furniture: paragraphs that are not content ("Advertisement", "Read more", breadcrumbs)."""

from __future__ import annotations

import re

# Whole lines that are web furniture, not content. Matched case-insensitively against a
# stripped paragraph no longer than BOILERPLATE_MAX characters: real content is never dropped.
BOILERPLATE_MAX = 200
_BOILERPLATE = re.compile(
    r"^(?:"
    r"advert(?:is)?(?:e)?ment|advertisment|advertising|sponsored(?: content)?"
    r"|read (?:the )?(?:original|full) (?:article|story)(?: here)?"
    r"|read more(?: here)?|continue reading"
    r"|leave a (?:comment|reply)|\d+ comments?|comments?|no comments(?: yet)?|comments are closed"
    r"|adblock(?:er)? detected|please (?:support us by )?disabl\w+ (?:your )?ad ?blocker.*"
    r"|you (?:may|might) also like|related (?:articles|posts|stories)|more from .{1,40}"
    r"|recommended(?: for you)?|trending(?: now)?|popular posts|latest news"
    r"|this site uses akismet to reduce spam.*|your email address will not be published.*"
    r"|required fields are marked.*|(?:share|tweet|pin|email)(?: this(?: article| story)?)?"
    r"|share (?:on|via) \w+.*|follow us(?: on .{1,40})?|sign up (?:for|to) our newsletter.*"
    r"|subscribe(?: to our newsletter| now)?|click here to subscribe.*|cookie (?:policy|settings)"
    r"|we use cookies.*|all rights reserved\.?|skip to (?:main )?content|back to top"
    r"|(?:see )?our comment(?:s|ing)? polic(?:y|ies).*|comment policy.*|log ?in to comment.*"
    r")[.!:]?$",
    re.IGNORECASE,
)
_BREADCRUMB = re.compile(r"^\s*(?:home|start|news)\s*(?:»|›|>|/|\|)\s*", re.IGNORECASE)


def is_boilerplate(para: str) -> bool:
    """True for a short paragraph that is web furniture (a breadcrumb trail counts)."""
    s = para.strip()
    if len(s) > BOILERPLATE_MAX:
        return False
    return bool(_BOILERPLATE.match(s)) or bool(_BREADCRUMB.match(s) and ("»" in s or "›" in s))
