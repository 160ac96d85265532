"""The curated layer over the listings (tools/curation.yaml): corrections, ids and keys,
talk–paper links, themes and people.

Every decision here is either a rule written next to its code or a curator's decision
read from curation.yaml, with its reason; nothing is guessed.
"""

from __future__ import annotations

import re

from .records import Paper, Talk
from .text import SeedError, ascii_fold, significant_words, slugify, surname


def assign_talk_ids(talks: list[Talk]) -> None:
    """'kempe-synthetic-data': speaker surname and two title words ('brbic-tbd' when TBD);
    a third word only if two talks would collide."""
    def candidate(talk: Talk, n: int) -> str:
        words = significant_words(talk.title)[:n] if talk.title else ["tbd"]
        return slugify(" ".join([surname(talk.speaker.name)] + words))

    for talk in talks:
        talk.id = candidate(talk, 2)
    _resolve_collisions(talks, lambda t, n: candidate(t, n), "id")


def assign_paper_keys(papers: list[Paper]) -> None:
    """BibTeX keys: first author's surname + year + first significant title word
    ('bruna2022neural'); without authors, the first three title words
    ('neuralnetworkperturbation2020'); without a year, no year."""
    def candidate(paper: Paper, n: int) -> str:
        if not paper.title:
            return f"arxiv{paper.eprint}"
        words = significant_words(paper.title)
        year = str(paper.year) if paper.year else ""
        if paper.authors:
            stem = re.sub(r"[^a-z]", "", ascii_fold(surname(paper.authors[0])).lower())
            return stem + year + "".join(w.replace("-", "") for w in words[:n])
        return "".join(w.replace("-", "") for w in words[:n + 2]) + year

    for paper in papers:
        paper.key = candidate(paper, 1)
    _resolve_collisions(papers, candidate, "key")


def _resolve_collisions(items, candidate, attr: str) -> None:
    n = 2
    while True:
        seen: dict[str, list] = {}
        for item in items:
            seen.setdefault(getattr(item, attr), []).append(item)
        clashes = [group for group in seen.values() if len(group) > 1]
        if not clashes:
            return
        if n > 12:
            raise SeedError(f"cannot make {attr}s unique: {[getattr(g[0], attr) for g in clashes]}")
        n += 1
        for group in clashes:
            for item in group:
                setattr(item, attr, candidate(item, n))


def apply_corrections(talks, papers, corrections: dict, notes: list[str]) -> None:
    """Curated corrections to imported facts, keyed by the fact's identity in its source
    (speaker name for talks, title for papers) so they survive id changes. Each needs a
    reason; an unmatched correction is an error so it cannot silently rot."""
    for who, fix in (corrections.get("talks") or {}).items():
        hits = [t for t in talks if t.speaker.name == who and
                (fix.get("title_was") is None or t.title == fix["title_was"])]
        _apply(hits, fix, who, notes)
    for title, fix in (corrections.get("papers") or {}).items():
        hits = [p for p in papers if p.title == title]
        _apply(hits, fix, title, notes)


def _apply(hits, fix: dict, label: str, notes: list[str]) -> None:
    if len(hits) != 1:
        raise SeedError(f"curation correction for {label!r} matches {len(hits)} entries")
    if not fix.get("reason"):
        raise SeedError(f"curation correction for {label!r} has no reason")
    for field, value in fix.get("set", {}).items():
        if not hasattr(hits[0], field):
            raise SeedError(f"curation correction for {label!r}: unknown field {field!r}")
        setattr(hits[0], field, value)
    notes.append(f"correction applied to {label!r}: {fix['reason']}")


def build_links(talks, papers, curated: dict,
                editors_keys: frozenset[str] | set[str] = frozenset()) -> dict[str, list[tuple[str, str]]]:
    """Talk -> paper links: arXiv ids cited in an abstract (from the source) plus the
    curated links, each with its reason; a curated link may name a listing paper or an
    editors' reference."""
    by_eprint = {p.eprint: p.key for p in papers if p.eprint}
    keys = {p.key for p in papers} | set(editors_keys)
    talk_ids = {t.id for t in talks}
    links: dict[str, list[tuple[str, str]]] = {}
    for talk in talks:
        for eprint in talk.cited_arxiv:
            links.setdefault(talk.id, []).append((by_eprint[eprint], "cited in the abstract"))
    for talk_id, entries in curated.items():
        if talk_id not in talk_ids:
            raise SeedError(f"curation links: unknown talk {talk_id!r}")
        for entry in entries:
            key, reason = entry["key"], entry.get("reason", "")
            if key not in keys:
                raise SeedError(f"curation links: unknown paper {key!r} for {talk_id!r}")
            if not reason or re.search(r"[()]", reason):
                raise SeedError(f"curation links: reason for {talk_id} -> {key} must be "
                                "non-empty, without parentheses (the :papers: option encloses it in them)")
            links.setdefault(talk_id, []).append((key, reason))
    return {k: sorted(set(v)) for k, v in links.items()}


def check_themes(talks, papers, curated: dict, theme_ids: set[str]) -> dict[str, list[str]]:
    """Every talk and paper has one to three registered themes, all curated.

    A TBD talk has none: with no title and no abstract, any theme would be a guess.
    """
    themes = {}
    tbd = {t.id for t in talks if t.title is None}
    wanted = [t.id for t in talks] + [p.key for p in papers]
    missing = [w for w in wanted if w not in curated]
    if missing:
        raise SeedError(f"curation themes missing for: {', '.join(missing)}")
    extra = sorted(set(curated) - set(wanted))
    if extra:
        raise SeedError(f"curation themes for unknown entries: {', '.join(extra)}")
    for entry_id in wanted:
        ids = curated[entry_id] or []
        low, high = (0, 0) if entry_id in tbd else (1, 3)
        if not low <= len(ids) <= high or not set(ids) <= theme_ids:
            raise SeedError(f"curation themes for {entry_id}: "
                            f"need {low}-{high} of {sorted(theme_ids)}, got {ids}")
        themes[entry_id] = list(ids)
    return themes


def build_people(talks: list[Talk], papers: list[Paper], curated: dict) -> dict[str, dict]:
    """One record per real person. Spellings are merged only where curation.yaml says
    so; two different names that look alike without a curated decision are an error,
    so a merge is never guessed and never forgotten."""
    merges = curated.get("merge") or []
    people = _People(_canonical_names(merges))
    for paper in papers:
        for author in paper.authors:
            people.record(author)
    # A person's registry affiliation is the first one a talk gives, in source order.
    for talk in sorted(talks, key=lambda t: (t.source, t.date or "", t.start or "", t.id)):
        people.add_talk_facts(talk)
    for merge in merges:  # the curated aliases are kept even when no source uses them
        if merge["name"] not in people.records:
            raise SeedError(f"curation people merge names unknown person {merge['name']!r}")
        people.records[merge["name"]]["aliases"].update(merge.get("aliases", []))
    for name, fields in (curated.get("set") or {}).items():
        if name not in people.records or not fields.get("reason"):
            raise SeedError(f"curation people set for {name!r}: unknown person or no reason")
        people.records[name].update({k: v for k, v in fields.items() if k != "reason"})
    _check_lookalikes(people.records, {frozenset(pair["names"]) for pair in curated.get("distinct") or []})
    return people.written()


def _canonical_names(merges: list[dict]) -> dict[str, str]:
    """Each curated alias -> the canonical name it is merged into."""
    canonical_of: dict[str, str] = {}
    for merge in merges:
        if not merge.get("reason"):
            raise SeedError(f"curation people merge for {merge['name']!r} has no reason")
        for alias in merge.get("aliases", []):
            canonical_of[alias] = merge["name"]
    return canonical_of


class _People:
    """The people records of one import, by canonical name."""

    def __init__(self, canonical_of: dict[str, str]):
        self.canonical_of = canonical_of
        self.records: dict[str, dict] = {}

    def record(self, name: str) -> dict:
        canonical = self.canonical_of.get(name, name)
        record = self.records.setdefault(canonical, {"name": canonical, "aliases": set()})
        if name != canonical:
            record["aliases"].add(name)
        return record

    def add_talk_facts(self, talk: Talk) -> None:
        record = self.record(talk.speaker.name)
        if talk.speaker.affiliation and "affiliation" not in record:
            record["affiliation"] = talk.speaker.affiliation
        if talk.bio:
            record["bio"] = talk.bio
            homepage = re.search(r"More information is available at (https?://\S+?)\.?$", talk.bio)
            if homepage:
                record["homepage"] = homepage.group(1)

    def written(self) -> dict[str, dict]:
        """The records people.imported.yaml holds: only people with more than a name."""
        people: dict[str, dict] = {}
        for record in self.records.values():
            pid = slugify(record["name"])
            if pid in people:
                raise SeedError(f"two people with id {pid!r}")
            ordered = {"name": record["name"], "aliases": sorted(record["aliases"])}
            ordered |= {field: record[field] for field in ("affiliation", "homepage", "bio") if record.get(field)}
            if len(ordered) > 2 or ordered["aliases"]:  # a bare name needs no record: the site makes its page
                people[pid] = ordered
        return dict(sorted(people.items()))


def _check_lookalikes(records: dict, distinct: set) -> None:
    """Names equal after folding accents and dropping middle initials and nicknames
    ('Michael Mahoney' / 'Michael W. Mahoney') must be merged or declared distinct."""
    def skeleton(name: str) -> str:
        name = re.sub(r"\([^)]*\)", " ", ascii_fold(name).lower())
        words = [w for w in re.findall(r"[a-z-]+\.?", name) if not re.fullmatch(r"[a-z]\.", w)]
        return f"{words[0]} {words[-1]}" if words else name

    groups: dict[str, list[str]] = {}
    for name in records:
        groups.setdefault(skeleton(name), []).append(name)
    for names in groups.values():
        if len(names) > 1 and frozenset(names) not in distinct:
            raise SeedError(f"people {names} look alike: merge them or declare them distinct "
                            "in tools/curation.yaml")
