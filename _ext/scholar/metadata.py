"""Machine-readable metadata in page heads: Highwire tags, schema.org JSON-LD, and COinS.

Highwire ``citation_*`` tags are what Google Scholar and Zotero's embedded-metadata import
read; they go on paper pages only (on a talk page Zotero would file the talk as a journal
article). JSON-LD describes papers, talks, events and people. COinS spans let a reference
manager save every paper listed on a page at once.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from . import cite, model
from .records import BibFacts, Event, Paper, Talk
from .registry import Person

if TYPE_CHECKING:
    from .catalog import Catalog

Json = dict[str, Any]
PersonUrl = Callable[[str], str | None]

# LaTeX that appears in titles and abstracts, as the plain text a metadata field needs.
_TEX_SYMBOLS = {
    r"\ldots": "…", r"\cdots": "⋯", r"\cdot": "·", r"\times": "×", r"\infty": "∞", r"\leq": "≤",
    r"\geq": "≥", r"\le": "≤", r"\ge": "≥", r"\to": "→", r"\rightarrow": "→", r"\in": "∈",
    r"\sigma": "σ", r"\theta": "θ", r"\phi": "φ", r"\varphi": "φ", r"\omega": "ω", r"\alpha": "α",
    r"\beta": "β", r"\gamma": "γ", r"\epsilon": "ε", r"\varepsilon": "ε", r"\lambda": "λ", r"\mu": "μ",
    r"\pi": "π", r"\mathbb{R}": "ℝ", r"\mathbb{N}": "ℕ",
}
_TEX_WRAPPERS = re.compile(r"\\(?:text|mathcal|mathrm|mathbf|mathit|operatorname|emph|textbf|textit)\{([^{}]*)\}")


def plain(text: str | None) -> str:
    """Text without TeX markup: ``$f(x_1, \\ldots)$`` becomes ``f(x_1, …)``."""
    if not text:
        return ""
    for command, symbol in sorted(_TEX_SYMBOLS.items(), key=lambda item: -len(item[0])):
        text = re.sub(re.escape(command) + r"(?![A-Za-z])", symbol, text)
    text = _TEX_WRAPPERS.sub(r"\1", text)
    text = text.replace("$", "").replace("\\", "")
    return " ".join(text.split())


def _meta(name: str, content: str) -> str:
    return f'<meta name="{name}" content="{html.escape(content, quote=True)}" />'


def highwire_tags(paper: Paper, page_url: str) -> str:
    """Highwire tags in the order Google Scholar documents them: one per author, in order."""
    facts = paper.bib
    tags = [_meta("citation_title", plain(paper.page_title))]
    tags += [_meta("citation_author", name) for name in facts.authors]
    date = highwire_date(facts)
    if date:
        tags.append(_meta("citation_publication_date", date))
    if paper.abstract.strip():
        tags.append(_meta("citation_abstract", plain(paper.abstract)))
    if facts.arxiv:
        arxiv = facts.arxiv
        tags += [
            _meta("citation_arxiv_id", arxiv),
            _meta("citation_doi", cite.arxiv_doi(arxiv)),
            _meta("citation_pdf_url", f"https://arxiv.org/pdf/{arxiv}"),
            _meta("citation_abstract_html_url", f"https://arxiv.org/abs/{arxiv}"),
        ]
    elif facts.doi:
        tags.append(_meta("citation_doi", facts.doi))
    if page_url.startswith(("http://", "https://")):
        tags.append(_meta("citation_public_url", page_url))
    return "\n".join(tags) + "\n"


def highwire_date(facts: BibFacts) -> str | None:
    """``YYYY/MM/DD``, or as much of it as is known (the year alone is allowed)."""
    if facts.date:
        return facts.date.replace("-", "/")
    if facts.year and facts.month:
        return f"{facts.year:04d}/{facts.month:02d}"
    return f"{facts.year:04d}" if facts.year else None


def iso_partial_date(facts: BibFacts) -> str | None:
    date = highwire_date(facts)
    return date.replace("/", "-") if date else None


def json_ld(data: Json) -> str:
    """A JSON-LD script element whose text cannot close the element or open another."""
    text = json.dumps({"@context": "https://schema.org", **data}, ensure_ascii=False, sort_keys=True)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/ld+json">{text}</script>\n'


def _person_ld(name: str, url: str | None) -> Json:
    return {"@type": "Person", "name": name, **({"url": url} if url else {})}


def paper_ld(paper: Paper, page_url: str, person_url: PersonUrl) -> Json:
    facts = paper.bib
    data: Json = {
        "@type": "ScholarlyArticle",
        "name": plain(paper.page_title),
        "headline": plain(paper.page_title),
        "url": page_url,
        "author": [_person_ld(name, person_url(name)) for name in facts.authors],
    }
    date = iso_partial_date(facts)
    if date:
        data["datePublished"] = date
    if paper.abstract.strip():
        data["abstract"] = plain(paper.abstract)
    if facts.arxiv:
        doi = cite.arxiv_doi(facts.arxiv)
        data["identifier"] = [
            {"@type": "PropertyValue", "propertyID": "arXiv", "value": facts.arxiv},
            {"@type": "PropertyValue", "propertyID": "DOI", "value": doi},
        ]
        data["sameAs"] = [f"https://arxiv.org/abs/{facts.arxiv}", f"https://doi.org/{doi}"]
    return data


def event_ld(event: Event, page_url: str) -> Json:
    data: Json = {"@type": "Event", "name": event.title, "url": page_url}
    if event.start:
        data["startDate"] = event.start
    if event.end:
        data["endDate"] = event.end
    if event.location:
        data["location"] = {"@type": "Place", "name": event.location, "address": event.location}
    return data


def talk_ld(talk: Talk, event: Event | None, page_url: str, event_url: str | None, person_url: PersonUrl,
            offset: Callable[[str, str, str], str]) -> Json:
    """A talk as a sub-event; times carry their UTC offset, computed from the event's zone."""
    data: Json = {
        "@type": "Event",
        "name": plain(talk.page_title),
        "url": page_url,
        "performer": [_person_ld(s.name, person_url(s.name)) for s in talk.speakers],
    }
    if talk.abstract.strip():
        data["description"] = plain(talk.abstract)
    if event:
        data["superEvent"] = {"@type": "Event", "name": event.title, **({"url": event_url} if event_url else {})}
        if event.location:
            data["location"] = {"@type": "Place", "name": event.location, "address": event.location}
    if talk.date:
        zone = event.timezone if event else None
        data["startDate"] = _moment(talk.date, talk.start, zone, offset)
        if talk.end:
            data["endDate"] = _moment(talk.date, talk.end, zone, offset)
    if talk.status == "tbd":
        data["description"] = "Title and abstract to be announced."
    return data


def _moment(date: str, time: str | None, zone: str | None, offset: Callable[[str, str, str], str]) -> str:
    if not time:
        return date
    return f"{date}T{time}:00" + (offset(date, time, zone) if zone else "")


def person_ld(person: Person, page_url: str) -> Json:
    data: Json = {"@type": "Person", "name": person.name, "url": page_url}
    if person.aliases:
        data["alternateName"] = person.aliases
    if person.affiliation:
        data["affiliation"] = {"@type": "Organization", "name": person.affiliation}
    if person.homepage:
        data["sameAs"] = [person.homepage]
    return data


def coins(item: Json) -> str:
    """A COinS span (OpenURL ContextObject) for one paper of a list."""
    pairs = [("ctx_ver", "Z39.88-2004"), ("rft_val_fmt", "info:ofi/fmt:kev:mtx:journal"),
             ("rft.genre", "preprint" if item.get("arxiv") else "article"),
             ("rft.atitle", plain(item["title"]))]
    pairs += [("rft.au", name) for name in item["people"]]
    if item.get("sortdate"):
        pairs.append(("rft.date", item["sortdate"]))
    if item.get("arxiv"):
        pairs.append(("rft_id", f"info:doi/{cite.arxiv_doi(item['arxiv'])}"))
        pairs.append(("rft_id", f"https://arxiv.org/abs/{item['arxiv']}"))
    title = html.escape(urlencode(pairs), quote=True)
    return f'<span class="Z3988" title="{title}"></span>'


def feed_link(href: str) -> str:
    """Feed autodiscovery: browsers and feed readers find the site's Atom feed from any page."""
    return (f'<link rel="alternate" type="application/atom+xml" title="New talks and papers" '
            f'href="{html.escape(href)}" />\n')


def page_head(catalog: Catalog, kind: str, entry_id: str) -> str:
    """Everything an entry page adds to its ``<head>``."""
    page_url = catalog.absolute_url_or_path
    person_url = _person_urls(catalog)
    paper = catalog.paper(entry_id) if kind == "paper" else None
    if paper is not None:
        url = page_url(paper.docname)
        return highwire_tags(paper, url) + json_ld(paper_ld(paper, url, person_url))
    talk = catalog.talk(entry_id) if kind == "talk" else None
    if talk is not None:
        event = catalog.event(talk.event)
        event_url = page_url(event.docname) if event else None
        return json_ld(talk_ld(talk, event, page_url(talk.docname), event_url, person_url, model.utc_offset))
    event = catalog.event(entry_id) if kind == "event" else None
    if event is not None:
        return json_ld(event_ld(event, page_url(event.docname)))
    person, docname = catalog.person(entry_id), catalog.page_of("person", entry_id)
    if kind == "person" and person is not None and docname is not None:
        return json_ld(person_ld(person, page_url(docname)))
    return ""


def _person_urls(catalog: Catalog) -> PersonUrl:
    def person_url(name: str) -> str | None:
        docname = catalog.person_docname(name)
        return catalog.absolute_url_or_path(docname) if docname else None
    return person_url
