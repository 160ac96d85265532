"""Entry files written from imported text: every field is data, never markup.

A schedule export or a reference-manager library is written by others: a title holding a
newline, a fence, a directive, a role, an option line or HTML must not become part of the
page. Every importer writes its entry files through :func:`write`, which

- folds every field to one line (line breaks, tabs and Unicode separators become spaces;
  control characters are dropped), so that no field can start a line of its own;
- quotes an option value whenever MyST would read it differently as it stands (a ``#``
  starts a comment, a leading quote or ``|`` changes its meaning);
- escapes the body so that CommonMark and MyST read it as text: paragraphs separated by
  blank lines, math between ``$`` signs kept as math, bare http(s) URLs linked, every other
  character that could start markup (``` ` * _ [ ] < > { } & | \\ $ ```, and ``# - + = % : ( ~``
  or a list number at a paragraph's start) preceded by a backslash;
- or, for a body that its source wrote in Markdown (``Entry.markdown``: a listing in
  Markdown, an abstract whose LaTeX emphasis became Markdown), keeps it as written only
  when MyST reads it as paragraphs of text, emphasis, code, math and http(s) links, and
  nothing else; any other body is written as text.

:func:`read` parses an entry file back with MyST, as the site's build does, and
:func:`write` checks that it gives back exactly the fields it was given: a field it
cannot write faithfully (math MyST would not read as math) is written with its dollars
escaped instead, and a record whose fields still do not come back is refused.
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

#: A directive name as the site's entries use them.
_NAME = re.compile(r"[a-z][a-z0-9-]*")
#: Characters that can start inline markup anywhere in a paragraph.
_INLINE = re.compile(r"([\\`*_\[\]<>{}&|$!])")
#: What can start a block at the beginning of a paragraph.
_BLOCK_START = re.compile(r"^([#\-+=%:(~>]|\d{1,9}(?=[.)]))")
_URL = re.compile(r"https?://[^\s<>\"'`\\{}|^]+[^\s<>\"'`\\{}|^.,;:!?)\]]")


#: MyST as the site's conf.py sets it up (``myst_enable_extensions``): a file is read back as the build reads it.
MYST_SETTINGS = {"myst_enable_extensions": ["dollarmath", "colon_fence"], "report_level": 5, "halt_level": 5,
                 "warning_stream": False, "myst_suppress_warnings": ["myst"]}


class EntryFileError(ValueError):
    """The fields cannot be written as an entry that reads back the same."""


@dataclass(frozen=True)
class Entry:
    """One directive of an entry file: its name, argument, options and body, as data."""

    directive: str
    argument: str | None = None
    options: tuple[tuple[str, str], ...] = ()
    body: str = ""
    markdown: bool = False  # the body is Markdown, kept when it is inline formatting only

    def normalized(self) -> Entry:
        """The fields as :func:`write` writes them: one line each, the body in paragraphs."""
        return Entry(self.directive, one_line(self.argument or "") or None,
                     tuple((name, one_line(value)) for name, value in self.options if one_line(value)),
                     paragraphs(self.body), self.markdown)

    def as_read(self) -> Entry:
        """What :func:`read` gives back for this entry once written: its body as text."""
        body = self.body
        if self.markdown:
            body = inline_markdown_text(body) or body
        return Entry(self.directive, self.argument, self.options, body)


def one_line(text: str) -> str:
    """``text`` as one line: whitespace of any kind folded to single spaces, controls dropped."""
    kept = "".join(" " if unicodedata.category(char) in ("Zl", "Zp") else char for char in text
                   if unicodedata.category(char) not in ("Cc", "Cs") or char in "\t\n\r\v\f\x1c\x1d\x1e\x1f\x85")
    return " ".join(kept.split())


def paragraphs(text: str) -> str:
    """``text``'s paragraphs (separated by blank lines), each as one line."""
    parts = re.split(r"\n[ \t\r\f\v]*\n|\r\n[ \t\r\f\v]*\r\n|\u2029", text)
    return "\n\n".join(line for line in (one_line(part) for part in parts) if line)


def write(entries: Sequence[Entry]) -> str:
    """Entry directives as the text of an entry file; each reads back as :meth:`Entry.normalized`."""
    parts = []
    for entry in entries:
        wanted = entry.normalized()
        text = _directive(wanted, math=True)
        if read(text) != [wanted.as_read()]:
            wanted = Entry(wanted.directive, wanted.argument, wanted.options, wanted.body)  # as text
            text = _directive(wanted, math=True)
            if read(text) != [wanted]:
                text = _directive(wanted, math=False)
            if read(text) != [wanted]:
                raise EntryFileError(f"the {entry.directive} {wanted.argument or ''!r} cannot be written so that "
                                     "it reads back the same")
        parts.append(text)
    return "\n\n".join(parts) + "\n"


_FENCE_LINE = re.compile(r"^\s*(`{3,}|~{3,}|:{3,})", re.M)


def _directive(entry: Entry, math: bool) -> str:
    if not _NAME.fullmatch(entry.directive):
        raise EntryFileError(f"not a directive name: {entry.directive!r}")
    fence = "~~~" if entry.argument and "`" in entry.argument else "```"
    # MyST takes the argument on the fence line as it is written (no escapes, no entities);
    # a backtick there would end a backtick fence's info string, so such a title gets tildes.
    head = fence + "{" + entry.directive + "}" + (" " + entry.argument if entry.argument else "")
    lines = [head] + [f":{name}: {option_value(value)}" for name, value in entry.options]
    # A Markdown body is kept as written only when it is inline formatting and no line of it
    # opens like a fence: inside the entry's own fence such a line is one edit from closing it.
    if (entry.body and entry.markdown and not _FENCE_LINE.search(entry.body)
            and inline_markdown_text(entry.body) is not None):
        lines += ["", entry.body]
    elif entry.body:
        lines += ["", "\n\n".join(markdown_text(paragraph, math) for paragraph in entry.body.split("\n\n"))]
    return "\n".join([*lines, fence])


def option_value(value: str) -> str:
    """An option value that MyST's option parser reads back exactly."""
    from myst_parser.parsers.options import options_to_items

    with contextlib.suppress(Exception):
        if options_to_items(f"v: {value}\n")[0] == [("v", value)]:
            return value
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def markdown_text(paragraph: str, math: bool) -> str:
    """One paragraph of text as Markdown that shows it as it is (math kept when ``math``)."""
    pieces = re.split(r"(\$[^$]+\$)", paragraph) if math else [paragraph]
    out = []
    for number, piece in enumerate(pieces):
        if number % 2:
            out.append(piece)  # math, typeset as it is written
            continue
        links = _URL.split(piece)
        urls = _URL.findall(piece)
        escaped = [_INLINE.sub(r"\\\1", text) for text in links]
        out.append("".join(text + (f"<{url}>" if index < len(urls) else "")
                           for index, (text, url) in enumerate(zip(escaped, [*urls, ""], strict=True))))
    text = "".join(out)
    return _BLOCK_START.sub(lambda match: "\\" + match[0] if not match[0].isdigit() else match[0] + "\\", text,
                            count=1)


#: What a Markdown body may hold: paragraphs of text with inline formatting, math and links.
_INLINE_NODES = ("document", "paragraph", "Text", "emphasis", "strong", "literal", "math", "reference")


def inline_markdown_text(body: str) -> str | None:
    """The text of a Markdown body made of inline formatting only, or None when it holds more.

    "More" is anything but paragraphs of text, emphasis, code, math and http(s) links: a
    heading, a list, a code block, HTML, a directive, a role, or a link of another scheme.
    """
    from docutils import nodes
    from docutils.core import publish_doctree
    from myst_parser.parsers.docutils_ import Parser

    from scholar.directives import text_with_math
    from scholar.model import safe_link

    with _capturing(body, []):
        tree = publish_doctree(body, parser=Parser(), settings_overrides=MYST_SETTINGS)
    for node in tree.findall():
        if type(node).__name__ not in _INLINE_NODES:
            return None
        if isinstance(node, nodes.reference) and not safe_link(node.get("refuri", ""), absolute=True):
            return None
    if len(tree.children) != len(body.split("\n\n")):
        return None
    return text_with_math(tree).strip()


# -- reading back -------------------------------------------------------------------------------


def read(text: str) -> list[Entry]:
    """The entry directives of an entry file, parsed by MyST as the site's build parses them."""
    from docutils.core import publish_doctree
    from myst_parser.parsers.docutils_ import Parser

    captured: list[Entry] = []
    with _capturing(text, captured):
        publish_doctree(text, parser=Parser(), settings_overrides=MYST_SETTINGS)
    return captured


@contextlib.contextmanager
def _capturing(text: str, captured: list[Entry]) -> Iterator[None]:
    """Every ```{name}``` directive of ``text``, recorded instead of run (for the time of one parse)."""
    from docutils import nodes
    from docutils.parsers.rst import Directive, directives

    from scholar.directives import text_with_math

    names = set(re.findall(r"^(?:`{3,}|~{3,}|:{3,})\{([a-z][a-z0-9-]*)\}", text, re.MULTILINE))

    class Capture(Directive):
        optional_arguments = 1
        final_argument_whitespace = True
        has_content = True
        option_spec = {name: directives.unchanged for name in re.findall(r"^:([a-z-]+):", text, re.MULTILINE)}

        def run(self) -> list[nodes.Node]:
            body = nodes.container()
            self.state.nested_parse(self.content, self.content_offset, body)
            options = tuple((name, value or "") for name, value in self.options.items())
            captured.append(Entry(self.name, (self.arguments or [None])[0], options, text_with_math(body).strip()))
            return []

    saved = {name: directives._directives.get(name) for name in names}
    for name in names:
        directives.register_directive(name, Capture)
    try:
        yield
    finally:
        for name, earlier in saved.items():
            if earlier is None:
                directives._directives.pop(name, None)
            else:
                directives._directives[name] = earlier
