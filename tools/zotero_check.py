"""Ask a running Zotero translation-server what it saves from pages of a built site.

Used to record, in tests/data/zotero/, what the real Zotero translators return for the
pages of the small test site; tests/test_cite.py checks its model of those translators
against the recordings. To record again:

1. run zotero/translation-server (with its submodules and the current zotero/translators)
   on 127.0.0.1:1969: ``npm install && node src/server.js``;
2. build a test root (tests/roots/test-basic, tests/roots/test-citations) and serve its HTML
   on 127.0.0.1:8003 (``python -m http.server 8003 --bind 127.0.0.1`` in its _build/html);
3. ``python tools/zotero_check.py --root basic --site http://127.0.0.1:8003/``
   (it writes tests/data/zotero/<root>/).

For a page that offers several items the server answers "300 Multiple Choices"; this
selects them all and records every item. Fields that change at each run (the item key,
the access date) and the local address of the site are left out of the recording.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import requests

# The pages recorded from each root: every kind of page, and each shape of work it offers.
PAGES = {
    "basic": ["papers/bruna2022single.html", "papers/count2020only.html", "talks/ev2024/lee-causal.html",
              "guides/diffusion.html", "papers.html"],
    "citations": ["papers/oswald2021journal.html", "papers/hoop2023conference.html", "papers/tester2019book.html",
                  "papers/lovelace2024preprint.html", "papers/turing2021published.html",
                  "talks/ws2025/ben-arous-dynamics.html",
                  "talks/ws2025/lovelace-tbd.html", "talks/ws2025/index.html", "people/gerard-ben-arous.html",
                  "people/roman-tester.html", "guides/theory.html", "papers.html"],
}
RECORDINGS = Path(__file__).resolve().parents[1] / "tests" / "data" / "zotero"
VOLATILE = {"key", "version", "accessDate", "libraryCatalog"}


def translate(server: str, url: str) -> list[dict]:
    response = requests.post(f"{server}/web", data=url, headers={"Content-Type": "text/plain"}, timeout=60)
    if response.status_code == 300:  # several items: select them all
        response = requests.post(f"{server}/web", json=response.json(), timeout=60)
    response.raise_for_status()
    return response.json()


def recorded(items: list[dict], site: str) -> list[dict]:
    def clean(value: object) -> object:
        return value.replace(site, "") if isinstance(value, str) else value
    return [{name: clean(value) for name, value in item.items() if name not in VOLATILE} for item in items]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", default="http://127.0.0.1:1969")
    parser.add_argument("--root", choices=sorted(PAGES), required=True, help="the test root being served")
    parser.add_argument("--site", required=True, help="where the built test site is served, ending in /")
    args = parser.parse_args()
    out = RECORDINGS / args.root
    out.mkdir(parents=True, exist_ok=True)
    for page in PAGES[args.root]:
        items = recorded(translate(args.server, args.site + page), args.site)
        path = out / (page.removesuffix(".html").replace("/", "--") + ".json")
        path.write_text(json.dumps(items, indent=1, ensure_ascii=False, sort_keys=True) + "\n", encoding="utf-8")
        print(f"{page}: {', '.join(item['itemType'] for item in items)}")


if __name__ == "__main__":
    main()
