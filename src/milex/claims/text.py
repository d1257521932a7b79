"""Where a text to check comes from: a file's bytes as UTF-8 text, or an HTML page's
readable text (through BeautifulSoup), with errors that name the file."""

from __future__ import annotations

import re

_HTML_DROPPED = ("script", "style", "noscript", "template", "nav", "footer", "head", "svg")
_HTML_BLOCKS = (
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption",
    "figure", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "ol", "p", "pre",
    "section", "table", "td", "th", "tr", "ul",
)  # fmt: skip


def text_from_html(markup: str | bytes) -> str:
    """The readable text of an HTML page, a paragraph per line, for :func:`check`.

    Scripts, styles, navigation and footers are dropped. Inline elements (links, emphasis) stay
    inside their sentence: a line break only ends a block, so a link does not split a claim."""
    from bs4 import BeautifulSoup
    from bs4.element import NavigableString

    soup = BeautifulSoup(markup, "html.parser")
    for tag in soup(_HTML_DROPPED):
        tag.decompose()
    for piece in list(soup.find_all(string=True)):
        if type(piece) is not NavigableString:  # comments, doctype, CDATA, processing instructions
            piece.extract()
        elif piece.find_parent("pre") is None:
            piece.replace_with(re.sub(r"\s+", " ", str(piece)))
    for tag in soup.find_all(_HTML_BLOCKS):
        tag.insert_before("\n")
        tag.insert_after("\n")
    lines = (" ".join(line.split()) for line in soup.get_text().splitlines())
    return "\n\n".join(line for line in lines if line)


def read_text(data: bytes, name: str = "<text>", html: bool | None = None) -> str:
    """The text to check from a file's bytes: UTF-8 text, or an HTML page's text (``html``, or
    when None: a .html/.htm name or a leading '<'). Errors name the file."""
    from milex.errors import InvalidQueryError

    if html is None:
        html = name.lower().endswith((".html", ".htm")) or data.lstrip(
            b"\xef\xbb\xbf \t\r\n"
        ).startswith(b"<")
    if html:
        return text_from_html(data)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InvalidQueryError(
            f"{name}: not UTF-8 text (byte {exc.start}); convert it first, e.g. with iconv"
        ) from None
