"""Machine-readable metadata in page heads: Zotero and Highwire tags, schema.org JSON-LD, COinS.

Each entry page says what it is to Zotero (a preprint, a conference paper, a presentation)
and to Google Scholar, which reads Highwire ``citation_*`` tags (paper pages only: Scholar
indexes papers, not talks). JSON-LD describes papers, talks, events and people. Pages
that list papers carry a COinS span per paper, so a reference manager offers them all;
a single entry's page carries none, or Zotero would save a listed paper instead of it.
All of it is made from one :class:`~.citation.Citation` per entry.
"""

from __future__ import annotations

import html
import posixpath
from collections.abc import Callable
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from . import model
from .calendars import SITE_NAME
from .citation import Citation, arxiv_doi, of_paper, of_talk
from .records import Event, Paper, Talk
from .registry import Person
from .safety import json_text

if TYPE_CHECKING:
    from .catalog import Catalog

Json = dict[str, Any]
PersonUrl = Callable[[str], str | None]

def _meta(name: str, content: str, attribute: str = "name") -> str:
    return f'<meta {attribute}="{name}" content="{html.escape(content, quote=True)}" />'


# -- what Zotero and Google Scholar read -------------------------------------------------------
#
# Checked against Zotero's translation-server and the current "Embedded Metadata" and "RDF"
# translators: a Highwire venue tag (citation_journal_title, citation_conference_title,
# citation_inbook_title) decides the type and outranks every other signal; without one, the
# type is read from the RDF statements the page's meta tags make, where Zotero's own
# namespace (``z:itemType``) outranks OpenGraph (whose "website" made every paper a web
# page). Other ``z:`` tags fill the Zotero field of the same name, which is how a preprint
# gets its archive id and a talk its presenters, meeting and place.

HIGHWIRE_VENUE = {"journalArticle": "citation_journal_title", "conferencePaper": "citation_conference_title",
                  "bookSection": "citation_inbook_title"}


def paper_tags(citation: Citation, arxiv: str | None) -> str:
    """Highwire tags (Google Scholar, Zotero) and Zotero's own, for a paper page."""
    tags = [_meta("z:itemType", citation.item_type), _meta("citation_title", citation.title)]
    tags += [_meta("citation_author", name.inverted) for name in citation.creators]
    if citation.date:
        tags.append(_meta("citation_publication_date", citation.date.replace("-", "/")))
    venue_tag = HIGHWIRE_VENUE.get(citation.item_type)
    if venue_tag and citation.container:
        if citation.item_type == "conferencePaper":
            # Zotero files citation_conference_title as the conference's name; the title of
            # the proceedings, which a list's COinS and CSL-JSON fill, comes from
            # citation_inbook_title. The type follows the last venue tag, so this one is first.
            tags.append(_meta("citation_inbook_title", citation.container))
        tags.append(_meta(venue_tag, citation.container))
    tags += _part_tags(citation)
    if citation.publisher:
        tags.append(_meta("citation_publisher", citation.publisher))
    if citation.doi:
        tags.append(_meta("citation_doi", citation.doi))
    if citation.abstract:
        tags.append(_meta("citation_abstract", citation.abstract))
    if arxiv:
        tags += [_meta("citation_arxiv_id", arxiv), _meta("citation_pdf_url", f"https://arxiv.org/pdf/{arxiv}")]
    if citation.archive_id:
        tags.append(_meta("z:archiveID", citation.archive_id))
    if citation.url:
        tags.append(_meta("citation_public_url", citation.url))
    if citation.extra:
        tags.append(_meta("z:extra", "\n".join(citation.extra)))
    return "\n".join(tags) + "\n"


def _part_tags(citation: Citation) -> list[str]:
    """Where in its journal or proceedings the work is: volume, issue, first and last page."""
    tags = [_meta(name, value) for name, value in (("citation_volume", citation.volume),
                                                   ("citation_issue", citation.issue)) if value]
    if citation.pages:
        first, _, last = citation.pages.partition("-")
        tags.append(_meta("citation_firstpage", first))
        if last:
            tags.append(_meta("citation_lastpage", last))
    return tags


def talk_tags(citation: Citation) -> str:
    """Zotero's tags for a talk page: a presentation, never a paper (no Highwire tags)."""
    tags = [_meta("z:itemType", "presentation"), _meta("z:title", citation.title)]
    tags += [_meta("z:presenters", name.inverted) for name in citation.creators]
    fields = {"date": citation.date, "meetingName": citation.meeting, "place": citation.place,
              "presentationType": citation.genre, "abstractNote": citation.abstract, "url": citation.url}
    tags += [_meta(f"z:{name}", value) for name, value in fields.items() if value]
    return "\n".join(tags) + "\n"


def description_tags(title: str, abstract: str, page_url: str) -> str:
    """The page's description and OpenGraph tags: the abstract, or no description at all.

    sphinxext-opengraph would describe an entry page by its first text, the field list of
    authors and dates; a page without an abstract gets no description rather than that
    (Zotero would save it as the abstract).
    """
    tags = [_meta("og:title", title, "property"), _meta("og:type", "article", "property"),
            _meta("og:url", page_url, "property"), _meta("og:site_name", SITE_NAME, "property")]
    if abstract:
        short = abstract if len(abstract) <= 300 else abstract[:297].rsplit(" ", 1)[0] + "…"
        tags += [_meta("og:description", short, "property"), _meta("description", abstract)]
    return "\n".join(tags) + "\n"


def json_ld(data: Json) -> str:
    """A JSON-LD script element whose text cannot close the element or open another."""
    text = json_text({"@context": "https://schema.org", **data}, sort_keys=True)
    return f'<script type="application/ld+json">{text}</script>\n'


def _person_ld(name: str, url: str | None) -> Json:
    return {"@type": "Person", "name": name, **({"url": url} if url else {})}


def paper_ld(paper: Paper, citation: Citation, page_url: str, person_url: PersonUrl) -> Json:
    data: Json = {
        "@type": "Book" if citation.item_type == "book" else "ScholarlyArticle",
        "name": citation.title,
        "headline": citation.title,
        "url": page_url,
        "author": [_person_ld(name.written, person_url(name.written)) for name in citation.creators],
    }
    if citation.incomplete_note:  # schema.org cannot say "et al."; its credit line can
        data["creditText"] = (", ".join(name.written for name in citation.creators) + " et al."
                              if citation.creators
                              else citation.incomplete_note)
    if citation.date:
        data["datePublished"] = citation.date
    if citation.abstract:
        data["abstract"] = citation.abstract
    identifiers, same_as = [], []
    arxiv = paper.bib.arxiv
    if arxiv:
        identifiers.append({"@type": "PropertyValue", "propertyID": "arXiv", "value": arxiv})
        same_as.append(f"https://arxiv.org/abs/{arxiv}")
    # The publisher's DOI when there is one, else the arXiv DOI: one DOI, the work's own.
    doi = citation.doi or (arxiv_doi(arxiv) if arxiv else None)
    if doi:
        identifiers.append({"@type": "PropertyValue", "propertyID": "DOI", "value": doi})
        same_as.append(f"https://doi.org/{doi}")
    if identifiers:
        data["identifier"] = identifiers
        data["sameAs"] = same_as
    if citation.item_type == "conferencePaper" and citation.container:
        data["isPartOf"] = {"@type": "PublicationEvent", "name": citation.container}
    elif citation.item_type == "journalArticle" and citation.container:
        data["isPartOf"] = {"@type": "Periodical", "name": citation.container}
    if citation.item_type == "book" and citation.publisher:
        data["publisher"] = {"@type": "Organization", "name": citation.publisher}
    return data


# schema.org's values for an event's status and how it is attended. The site lists no
# cancelled or moved event, and an event that names its venue is attended there; no listing
# names a stream, so nothing is said to be online.
SCHEDULED = "https://schema.org/EventScheduled"
IN_PERSON = "https://schema.org/OfflineEventAttendanceMode"


def event_ld(event: Event, page_url: str) -> Json:
    """A dated event is an Event; a series of recordings, with no date or place, a CreativeWorkSeries."""
    if event.recorded or not event.start:
        return {"@type": "CreativeWorkSeries", "name": event.title, "url": page_url}
    data: Json = {"@type": "Event", "name": event.title, "url": page_url, "startDate": event.start,
                  "eventStatus": SCHEDULED}
    if event.end:
        data["endDate"] = event.end
    return {**data, **_venue(event)}


def _venue(event: Event) -> Json:
    if not event.location:
        return {}
    return {"location": {"@type": "Place", "name": event.location, "address": event.location},
            "eventAttendanceMode": IN_PERSON}


def talk_ld(talk: Talk, citation: Citation, event: Event | None, page_url: str, event_url: str | None,
            person_url: PersonUrl, offset: Callable[[str, str, str], str]) -> Json:
    """A dated talk is an Event (a sub-event of its event), its times with their UTC offset.

    An undated talk is no event that search engines could list: a recording is a
    VideoObject, anything else a CreativeWork.
    """
    people = [_person_ld(s.name, person_url(s.name)) for s in talk.speakers]
    if talk.date:
        data: Json = {"@type": "Event", "name": citation.title, "url": page_url, "performer": people}
        zone = event.timezone if event else None
        data["startDate"] = _moment(talk.date, talk.start, zone, offset)
        data["eventStatus"] = SCHEDULED
        if talk.end:
            data["endDate"] = _moment(talk.date, talk.end, zone, offset)
        if event:
            data["superEvent"] = {"@type": "Event", "name": event.title, **({"url": event_url} if event_url else {})}
            data.update(_venue(event))
    elif talk.recording:
        data = {"@type": "VideoObject", "name": citation.title, "url": page_url, "creator": people,
                "contentUrl": talk.recording}
    else:
        data = {"@type": "CreativeWork", "name": citation.title, "url": page_url, "creator": people,
                "genre": citation.genre or "Talk"}
    if citation.abstract:
        data["description"] = citation.abstract
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


def coins(citation: Citation) -> str:
    """A COinS span (OpenURL ContextObject) for one paper of a list.

    In the Dublin Core format, the one whose keys Zotero's COinS translator reads for a URL
    (``rft_id``) and an abstract (``rft.description``); ``rft.type`` names the Zotero item
    type and comes last, because the keys are read in order and the type changes what
    ``rft.title`` means.
    """
    pairs = [("ctx_ver", "Z39.88-2004"), ("rft_val_fmt", "info:ofi/fmt:kev:mtx:dc"), ("rft.title", citation.title)]
    pairs += [("rft.creator", name.inverted) for name in citation.creators]
    if citation.date:
        pairs.append(("rft.date", citation.date))
    if citation.doi:
        pairs.append(("rft_id", f"info:doi/{citation.doi}"))
    if url := citation.url or citation.page_url:  # a work known nowhere else is found on its page here
        pairs.append(("rft_id", url))
    # COinS has no field for Zotero's Extra, where a page says that its author list is
    # incomplete; a list says it where the reader will see it, before the abstract.
    description = "\n\n".join(part for part in (citation.incomplete_note, citation.abstract) if part)
    if description:
        pairs.append(("rft.description", description))
    if citation.container:
        pairs.append(("rft.source", citation.container))
    # parseContextObject reads these in every format, Dublin Core included.
    pairs += [(key, value) for key, value in (("rft.volume", citation.volume), ("rft.issue", citation.issue),
                                              ("rft.pages", citation.pages)) if value]
    if citation.publisher:
        pairs.append(("rft.publisher", citation.publisher))
    pairs.append(("rft.type", citation.item_type))
    title = html.escape(urlencode(pairs), quote=True)
    return f'<span class="Z3988" title="{title}"></span>'


def feed_link(href: str) -> str:
    """Feed autodiscovery: browsers and feed readers find the site's Atom feed from any page."""
    return (f'<link rel="alternate" type="application/atom+xml" title="New talks and papers" '
            f'href="{html.escape(href)}" />\n')


def page_head(catalog: Catalog, pagename: str, kind: str, entry_id: str) -> str:
    """Everything the page ``pagename``, presenting an entry, adds to its ``<head>``."""
    person_url = _person_urls(catalog)

    def page_url(docname: str) -> str:
        """Absolute with a base URL; else relative to this page, as tags in its head are read."""
        url = catalog.absolute_url_or_path(docname)
        if url.startswith(("http://", "https://")):
            return url
        return posixpath.relpath(url, posixpath.dirname(catalog.absolute_url_or_path(pagename)) or ".")

    paper = catalog.paper(entry_id) if kind == "paper" else None
    if paper is not None:
        url = page_url(paper.docname)
        citation = of_paper(paper, url)
        return (paper_tags(citation, paper.bib.arxiv) + description_tags(citation.title, citation.abstract, url)
                + json_ld(paper_ld(paper, citation, url, person_url)))
    talk = catalog.talk(entry_id) if kind == "talk" else None
    if talk is not None:
        event = catalog.event(talk.event)
        url = page_url(talk.docname)
        citation = of_talk(talk, event, url, catalog.name_of)
        event_url = page_url(event.docname) if event else None
        # A talk to be announced is not yet a work to cite: Zotero is offered no presentation.
        cite_as = talk_tags(citation) if talk.status != "tbd" else ""
        return (cite_as + description_tags(citation.title, citation.abstract, url)
                + json_ld(talk_ld(talk, citation, event, url, event_url, person_url, model.utc_offset)))
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
