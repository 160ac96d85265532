"""Import the raw source listings (``sources/``) into the site's entry files.

Reads the listings named in ``sources/manifest.yaml``, each with the parser of its format
(``formats/``), plus the curated layer ``tools/curation.yaml`` and the records checked
against public pages ``tools/verified.yaml``, and writes, relative to the output root:

    talks/<event>/index.md      one {event} directive and its {slot} schedule items
    talks/<event>/<talk>.md     one {talk} directive
    papers/<key>.md             one {paper} directive, the abstract as its body
    refs.bib                    every paper
    people.imported.yaml        the people the listings say more about than a name

Every written file starts with a marker line naming the importer. A file whose marker line
was removed is hand-owned: re-runs leave it alone and say so. Curated facts (themes, talk
-> paper links, person merges, corrections) live only in ``tools/curation.yaml``, which
this package reads and never writes, so re-running never destroys curation. Output is
deterministic: sorted, no timestamps.

    python tools/import_seeds.py               # write into the repository
    python tools/import_seeds.py --out DIR     # write into DIR instead
    python tools/import_seeds.py --check       # exit 1 if the files on disk differ

Modules: ``formats/`` (one parser per kind of listing), ``text`` (shared text helpers),
``records`` (what a listing gives), ``load`` (one import, end to end), ``curate``
(ids, corrections, links, themes, people), ``verify`` (completing from checked records),
``render`` and ``sync`` (the files, and writing or checking them), ``cli``.
"""
