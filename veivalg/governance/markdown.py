"""A small, safe subset of Markdown for guidance pages.

Supported: headings (``#`` and ``##`` → h2, ``###`` → h3, since the page title is the h1),
paragraphs, bullet lists (``-`` or ``*``), numbered lists (``1.``), ``**bold**``,
``*italic*`` and links ``[text](https://…)`` or ``[text](/path)``. Everything is escaped
first, so raw HTML in the text is shown as text and never rendered.
"""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_HEADING = re.compile(r"^(#{1,3})\s+(.*)$")
_BULLET = re.compile(r"^[-*]\s+(.*)$")
_NUMBERED = re.compile(r"^\d+[.)]\s+(.*)$")
_LINK = re.compile(r"\[([^\]\n]+)\]\(([^)\s]+)\)")
_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ITALIC = re.compile(r"(?<![*\w])\*(?!\s)(.+?)(?<!\s)\*(?![*\w])")
_SAFE_URL = re.compile(r"^(https?://|/|#|mailto:)", re.IGNORECASE)

HEADING_SIZES = {2: "xs", 3: "2xs"}


def _inline(text: str) -> str:
    """Escape ``text``, then turn links, bold and italic into HTML."""
    html = escape(text)

    def link(match: re.Match[str]) -> str:
        label, url = match.group(1), match.group(2)
        # ``url`` was escaped with the rest (``&amp;``); it is only kept when it is safe.
        if not _SAFE_URL.match(url):
            return match.group(0)
        return f'<a class="ds-link" href="{url}">{label}</a>'

    html = _LINK.sub(link, html)
    html = _BOLD.sub(r"<strong>\1</strong>", html)
    html = _ITALIC.sub(r"<em>\1</em>", html)
    return html


def render(text: str) -> SafeString:
    """The body as HTML with Designsystemet classes."""
    out: list[str] = []
    paragraph: list[str] = []
    list_tag = ""
    items: list[str] = []

    def flush_paragraph() -> None:
        if paragraph:
            out.append(
                '<p class="ds-paragraph">' + "<br>".join(_inline(p) for p in paragraph) + "</p>"
            )
            paragraph.clear()

    def flush_list() -> None:
        nonlocal list_tag
        if items:
            out.append(
                f'<{list_tag} class="ds-list">'
                + "".join(f"<li>{_inline(i)}</li>" for i in items)
                + f"</{list_tag}>"
            )
            items.clear()
        list_tag = ""

    for raw in (text or "").replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        if not line:
            flush_paragraph()
            flush_list()
            continue
        heading = _HEADING.match(line)
        bullet = _BULLET.match(line)
        numbered = _NUMBERED.match(line)
        if heading:
            flush_paragraph()
            flush_list()
            level = 2 if len(heading.group(1)) <= 2 else 3
            size = HEADING_SIZES[level]
            out.append(
                f'<h{level} class="ds-heading" data-size="{size}">'
                f"{_inline(heading.group(2))}</h{level}>"
            )
        elif bullet or numbered:
            flush_paragraph()
            tag = "ul" if bullet else "ol"
            if list_tag and list_tag != tag:
                flush_list()
            list_tag = tag
            items.append((bullet or numbered).group(1))  # type: ignore[union-attr]
        else:
            flush_list()
            paragraph.append(line)
    flush_paragraph()
    flush_list()
    return mark_safe("\n".join(out))


def plain(text: str) -> str:
    """The body without Markdown marks (for documents and summaries)."""
    result = []
    for raw in (text or "").replace("\r\n", "\n").split("\n"):
        line = raw.strip()
        heading = _HEADING.match(line)
        if heading:
            line = heading.group(2)
        line = _LINK.sub(r"\1", line)
        line = _BOLD.sub(r"\1", line)
        line = _ITALIC.sub(r"\1", line)
        result.append(line)
    return "\n".join(result)
