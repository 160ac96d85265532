"""The real site in headless Chromium, served from a sub-path as a static host would.

Needs Debian's chromium (``/usr/bin/chromium``); ``.ci/run`` installs it. Without it these
tests are skipped on a developer's machine (pytest's summary says so) and fail in CI.
Screenshots go to ``test-artifacts/``.
"""

from __future__ import annotations

import functools
import gzip
import io
import json
import os
import re
import shutil
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlencode

import pytest
from pybtex.database import parse_string

from conftest import REPO

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = REPO / "test-artifacts"
SUBPATH = "/reading-guide/"

# On a developer's machine without Chromium these tests are skipped, and pytest says so; in
# CI (the CI variable set, as .ci/run's environment does) a missing browser is a failure.
IN_CI = bool(os.environ.get("CI"))
pytestmark = pytest.mark.skipif(
    not Path(CHROMIUM).exists() and not IN_CI,
    reason=f"browser tests need Chromium at {CHROMIUM} (Debian packages chromium and chromium-driver)",
)

PAGES = {
    "landing": "index.html",
    "talk": "talks/rovinj-2024/kempe-synthetic-data.html",
    "paper": "papers/bruna2023single.html",
    "person": "people/joan-bruna.html",
    "event": "talks/rovinj-2024/index.html",
    "guide": "guides/diffusion-models.html",
}


class QuietHandler(SimpleHTTPRequestHandler):
    """A static host: files as they are, text compressed when the browser accepts gzip, as
    GitHub Pages and Read the Docs serve them (the slow-connection test measures that)."""

    COMPRESSED = (".html", ".css", ".js", ".json", ".svg", ".xml")

    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path.split("?", 1)[0]))
        if path.is_dir():
            path = path / "index.html"
        if ("gzip" not in self.headers.get("Accept-Encoding", "") or path.suffix not in self.COMPRESSED
                or not path.is_file()):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


@pytest.fixture(scope="module")
def base_url(real_site, tmp_path_factory):
    """The site served under a sub-path, to prove that every link is relative."""
    served = tmp_path_factory.mktemp("served")
    shutil.copytree(real_site.outdir, served / SUBPATH.strip("/"))
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(served)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_port}{SUBPATH}"
    server.shutdown()


@pytest.fixture(scope="module")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"CI has no Chromium at {CHROMIUM}: .ci/run installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=[
            "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
            "--disable-sync", "--no-first-run", "--disable-quic",
        ])
        yield browser
        browser.close()


def offline(context):
    """No network beyond the local server: every other request fails, as with the cable pulled.

    Each refused address is kept in ``context.refused``.
    """
    context.refused = []

    def refuse(route):
        context.refused.append(route.request.url)
        route.abort("internetdisconnected")

    context.route(re.compile(r"^https?://(?!127\.0\.0\.1)"), refuse)
    return context


@pytest.fixture
def context(browser):
    context = offline(browser.new_context(accept_downloads=True))
    yield context
    context.close()


def open_page(context, url: str):
    """A page with its console errors and uncaught exceptions collected."""
    page = context.new_page()
    page.errors = []
    page.on("console", lambda message: message.type == "error" and page.errors.append(message.text))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    response = page.goto(url, wait_until="networkidle")
    assert response.ok, url
    return page


def screenshot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=False)


@pytest.mark.parametrize("kind", sorted(PAGES))
def test_page_renders_without_console_errors(context, base_url, kind):
    page = open_page(context, base_url + PAGES[kind])
    assert page.locator("h1").first.is_visible()
    assert page.errors == []
    screenshot(page, f"{kind}-light")


def test_math_is_typeset_with_the_network_cut(context, base_url):
    page = open_page(context, base_url + PAGES["paper"])
    page.wait_for_selector("mjx-container", timeout=15000)  # MathJax's output, from the site's own copy
    assert page.locator("mjx-container").count() >= 1
    assert not page.evaluate("document.querySelector('article').innerText.includes('\\\\(')")  # no TeX left
    assert context.refused == [] and page.errors == []
    screenshot(page, "paper-math-offline")


def search(context, base_url, query: str) -> list[str]:
    """The result links of the site's search page, best first, as paths below the site."""
    page = open_page(context, base_url + "search.html?" + urlencode({"q": query}))
    page.wait_for_function("document.querySelector('#search-results p.search-summary')?.textContent.includes('found')",
                           timeout=15000)
    hrefs = page.eval_on_selector_all("#search-results ul.search li a", "links => links.map(a => a.href)")
    assert page.errors == []
    return [href.removeprefix(base_url) for href in hrefs]


def test_search_for_a_speaker_finds_person_and_talk_pages(context, base_url):
    results = search(context, base_url, "Vanden-Eijnden")
    assert results[0] == "people/eric-vanden-eijnden.html"
    assert "talks/rovinj-2024/vanden-eijnden-generative-modeling.html" in results


@pytest.mark.parametrize(("query", "first"), [
    ("diffusion", "guides/diffusion-models.html"),
    ("score matching", "guides/diffusion-models.html"),
    ("single-index", "guides/index-models.html"),
    ("in-context learning", "guides/transformers.html"),
    ("neural tangent kernel", "guides/feature-learning.html"),
])
def test_search_ranks_the_guide_first_for_its_topic_and_lists_each_page_once(context, base_url, query, first):
    results = search(context, base_url, query)
    assert results[0] == first
    pages = [result.split("#")[0] for result in results]
    assert len(pages) > 5 and len(pages) == len(set(pages))
    # The glossary's definition is still found, just after the guide.
    assert any(page == "glossary.html" for page in pages[:3])


def test_copy_button_puts_the_bibtex_on_the_clipboard(browser, base_url):
    context = offline(browser.new_context(permissions=["clipboard-read", "clipboard-write"]))
    page = open_page(context, base_url + PAGES["paper"])
    block = page.locator("div.highlight-bibtex")
    block.hover()
    block.locator("button.copybtn").click()
    copied = page.evaluate("navigator.clipboard.readText()")
    entry = parse_string(copied, "bibtex").entries["bruna2023single"]
    assert entry.fields["title"] == "{On Single Index Models beyond Gaussian Data}"
    assert [str(p) for p in entry.persons["author"]] == ["Bruna, Joan", "Pillaud-Vivien, Loucas", "Zweig, Aaron"]
    context.close()


def test_personal_agenda_round_trips_through_the_browser(browser, base_url):
    """Stars on an event, a talk and a person page fill one agenda, whose times carry their zone."""
    from icalendar import Calendar

    context = offline(browser.new_context(accept_downloads=True, timezone_id="Asia/Tokyo"))
    event = open_page(context, base_url + PAGES["event"])
    assert "my agenda" in event.locator("p.scholar-agenda-note").inner_text()
    star = event.locator('button.scholar-star[data-talk="kempe-synthetic-data"]')
    star.click()
    assert star.get_attribute("aria-pressed") == "true"
    talk = open_page(context, base_url + "talks/rovinj-2024/mallat-approximation-generalisation.html")
    talk.locator("p.scholar-agenda-note button.scholar-star").click()
    person = open_page(context, base_url + PAGES["person"])
    person.locator('button.scholar-star[data-talk="bruna-posterior-sampling"]').click()
    talk.reload()  # the star a page shows is what the browser keeps
    assert talk.locator("button.scholar-star").get_attribute("aria-pressed") == "true"
    agenda = open_page(context, base_url + "agenda.html")
    agenda.wait_for_selector("ul.scholar-agenda-list li")
    titles = agenda.locator("ul.scholar-agenda-list li a").all_inner_texts()
    assert titles == ["Synthetic Data – Friend or Foe in the Age of Scaling?",
                      "Approximation and Generalisation by Score Diffusion with the Renormalisation Group",
                      "Posterior Sampling with Denoising Oracles via Tilted Transport"]
    first = agenda.locator("ul.scholar-agenda-list li").first.inner_text()
    assert "2024-09-30 08:30" in first and "Europe/Zagreb" in first
    assert "15:30" in first and "your time, Asia/Tokyo" in first  # 08:30 in Zagreb (UTC+2) is 15:30 in Tokyo
    screenshot(agenda, "agenda-three-talks")
    assert agenda.locator("button.scholar-unstar").first.get_attribute("aria-label") == (
        "Remove “Synthetic Data – Friend or Foe in the Age of Scaling?” from my agenda")
    with agenda.expect_download() as download:
        agenda.locator("button.scholar-agenda-download").click()
    calendar = Calendar.from_ical(Path(download.value.path()).read_bytes())
    events = {str(e["UID"]).split("@")[0]: e for e in calendar.walk("VEVENT")}
    assert sorted(events) == ["bruna-posterior-sampling", "kempe-synthetic-data", "mallat-approximation-generalisation"]
    assert events["kempe-synthetic-data"].decoded("DTSTART").isoformat() == "2024-09-30T08:30:00+02:00"
    assert sorted(str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")) == ["America/Chicago", "Europe/Zagreb"]
    agenda.locator("ul.scholar-agenda-list li button.scholar-unstar").first.click()
    agenda.wait_for_function("document.querySelectorAll('ul.scholar-agenda-list li').length === 2")
    assert agenda.errors == [] and event.errors == [] and talk.errors == [] and person.errors == []
    context.close()


def test_times_are_also_shown_in_the_readers_zone(browser, base_url):
    context = offline(browser.new_context(timezone_id="America/New_York", locale="en-GB"))
    page = open_page(context, base_url + PAGES["talk"])
    assert "Monday 30 September 2024, 08:30–09:20 (Europe/Zagreb, UTC+02:00)" in page.inner_text("dl.scholar-meta")
    assert "02:30–03:20 your time, America/New_York" in page.inner_text(".scholar-yourtime")
    context.close()


def test_paper_index_narrows_by_theme_and_year(context, base_url, real_site):
    catalog = json.loads((Path(real_site.outdir) / "catalog.json").read_text())
    page = open_page(context, base_url + "papers/index.html")
    page.select_option("#scholar-paper-filter select[name=theme]", "index-models")
    expected = [p for p in catalog["papers"] if "index-models" in p["themes"]]
    assert page.locator("ul.scholar-paper-index > li:visible").count() == len(expected)
    page.select_option("#scholar-paper-filter select[name=year]", "2023")
    expected = [p for p in expected if p["year"] == 2023]  # a paper known by its year alone counts too
    assert page.locator("ul.scholar-paper-index > li:visible").count() == len(expected)
    assert page.inner_text(".scholar-filter-count") == f"{len(expected)} paper{'s' * (len(expected) != 1)}"


# Every kind of page a reader meets, beyond the six of PAGES.
ALL_KINDS = {**PAGES, "glossary": "glossary.html", "agenda": "agenda.html", "papers": "papers/index.html",
             "people": "people/index.html", "events": "talks/index.html", "search": "search.html?q=diffusion",
             "start-here": "guides/foundations.html"}
WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]  # axe-core's tags for its WCAG rules


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", sorted(ALL_KINDS))
def test_no_wcag_22_aa_violation_of_any_impact(browser, base_url, kind, scheme):
    from axe_playwright_python.sync_playwright import Axe

    viewport = PHONE if scheme == "dark" else {"width": 1280, "height": 800}  # dark is read on phones too
    context = offline(browser.new_context(color_scheme=scheme, viewport=viewport))
    page = open_page(context, base_url + ALL_KINDS[kind])
    if kind == "search":
        page.wait_for_selector("#search-results ul.search li", timeout=15000)
    options = {"runOnly": {"type": "tag", "values": WCAG_22_AA}, "resultTypes": ["violations"]}
    response = Axe().run(page, options=options).response
    found = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in response["violations"]]
    assert found == [] and len(response["passes"]) >= 15  # the rules ran, and every one passed
    if scheme == "dark":
        screenshot(page, f"{kind}-dark-phone")
    context.close()


PHONE = {"width": 360, "height": 740}


@pytest.mark.parametrize("kind", ["event", "talk", "guide", "papers", "landing"])
def test_phone_width_has_nothing_off_screen(browser, base_url, kind):
    context = offline(browser.new_context(viewport=PHONE, is_mobile=True))
    page = open_page(context, base_url + {**PAGES, "papers": "papers/index.html"}[kind])
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    off_screen = page.evaluate("""[...document.querySelectorAll('article *')]
        .filter((e) => e.getClientRects().length && getComputedStyle(e).visibility !== 'hidden'
                       && !e.closest('pre, .highlight, .scholar-curriculum-figure, .table-wrapper'))
        .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
        .map((e) => e.tagName + '.' + e.className).slice(0, 5)""")
    assert off_screen == []
    screenshot(page, f"{kind}-phone")
    context.close()


def test_phone_controls_are_big_enough_to_tap_and_named(browser, base_url):
    """WCAG 2.2's minimum target, 24 x 24 px; each read box says which step it marks."""
    context = offline(browser.new_context(viewport=PHONE, is_mobile=True))
    for url, selector in [(PAGES["guide"], "input.scholar-read-box"), (PAGES["event"], "button.scholar-star")]:
        page = open_page(context, base_url + url)
        sizes = page.eval_on_selector_all(selector, "(all) => all.map((e) => [e.offsetWidth, e.offsetHeight])")
        assert sizes and all(width >= 24 and height >= 24 for width, height in sizes), (selector, sizes[:3])
    page = open_page(context, base_url + PAGES["guide"])
    names = page.eval_on_selector_all("input.scholar-read-box", "(all) => all.map((e) => e.getAttribute('aria-label'))")
    assert names[0] == "Mark “Deep Unsupervised Learning using Nonequilibrium Thermodynamics” as read"
    assert len(set(names)) == len(names)
    context.close()


def test_copy_button_is_visible_when_the_keyboard_reaches_it(context, base_url):
    page = open_page(context, base_url + PAGES["paper"])
    page.keyboard.press("Tab")  # focus-visible comes from the keyboard, not from a script
    page.focus("button.copybtn")
    # Visible once its fade-in (sphinx-copybutton's transition) ends.
    page.wait_for_function("getComputedStyle(document.activeElement).opacity === '1'", timeout=3000)
    assert page.evaluate("document.activeElement.matches('button.copybtn')")


def test_a_guide_prints_as_a_reading_list(context, base_url, tmp_path):
    """Printed (Chromium's PDF): no sidebar or controls, each reference with its address."""
    from pypdf import PdfReader

    page = open_page(context, base_url + PAGES["guide"])
    page.emulate_media(media="print")
    assert not page.locator(".sidebar-drawer").is_visible()
    assert not page.locator("p.scholar-progress").is_visible()
    pdf = tmp_path / "guide.pdf"
    page.pdf(path=str(pdf), format="A4")
    printed = " ".join(page_.extract_text() for page_ in PdfReader(pdf).pages)
    printed = " ".join(printed.split())
    assert "Deep Unsupervised Learning using Nonequilibrium Thermodynamics" in printed
    assert "https://arxiv.org/abs/1503.03585" in printed
    assert "Your progress" not in printed and "Skip to content" not in printed
    ARTIFACTS.mkdir(exist_ok=True)
    shutil.copy(pdf, ARTIFACTS / "guide-printed.pdf")


def test_reading_progress_is_kept_in_the_browser_and_shown_on_guide_and_landing(context, base_url):
    page = open_page(context, base_url + "guides/foundations.html")
    boxes = page.locator("input.scholar-read-box")
    total = boxes.count()
    assert total >= 5 and boxes.first.is_visible()
    progress = page.locator("p.scholar-progress")
    assert progress.inner_text() == f"Your progress on this reading path: 0 of {total} read."
    boxes.nth(0).check()
    boxes.nth(2).check()
    assert progress.inner_text() == f"Your progress on this reading path: 2 of {total} read."
    page.reload(wait_until="networkidle")
    assert [boxes.nth(i).is_checked() for i in range(3)] == [True, False, True]
    stored = json.loads(page.evaluate("localStorage.getItem('scholar-read')"))
    assert len(stored) == 2 and all(entry.startswith("paper:") for entry in stored)
    landing = open_page(context, base_url + "index.html")
    line = landing.locator("ul.scholar-themes > li").first
    assert line.locator(".scholar-progress").inner_text().strip() == f"(2 of {total} read)"
    boxes.nth(0).uncheck()
    page.reload(wait_until="networkidle")
    assert progress.inner_text() == f"Your progress on this reading path: 1 of {total} read."
    assert page.errors == [] and landing.errors == []
    screenshot(page, "guide-progress")


# Chromium's "slow 4G" as the reading issue measured it: 400 kbit/s each way, 400 ms round trip.
SLOW_4G = {"offline": False, "latency": 400, "downloadThroughput": 400_000 / 8, "uploadThroughput": 400_000 / 8}


def throttled_page(context):
    page = context.new_page()
    session = context.new_cdp_session(page)
    session.send("Network.enable")
    session.send("Network.emulateNetworkConditions", SLOW_4G)
    return page


def test_reading_path_controls_work_before_math_arrives_on_a_slow_connection(context, base_url):
    """The guide's read boxes are usable once its HTML is parsed, while MathJax (160 kB
    compressed, its fonts 90 kB more) is still arriving. Measured here: about 2.0-2.1 s, of which
    the guide's own HTML (43 kB compressed) takes 0.9 s of bandwidth and its styles a round trip."""
    page = throttled_page(context)
    page.goto(base_url + PAGES["guide"], wait_until="commit")
    page.wait_for_selector("label.scholar-read:not([hidden])", timeout=20_000)
    ready = page.evaluate("performance.now()")
    typeset = page.evaluate("document.querySelector('mjx-container') !== null")
    assert ready < 3000, f"read boxes usable after {ready:.0f} ms"
    assert not typeset, "the read boxes waited for MathJax"
    page.locator("input.scholar-read-box").first.check()
    assert page.locator("p.scholar-progress").first.inner_text().startswith("Your progress on this reading path: 1 of")


def transferred_bytes(context, url: str) -> tuple[int, list[str]]:
    """What a first visit to ``url`` transfers, compressed as the host sends it, and the files."""
    page = context.new_page()
    session = context.new_cdp_session(page)
    session.send("Network.enable")
    sizes: dict[str, int] = {}
    names: dict[str, str] = {}
    session.on("Network.responseReceived", lambda event: names.__setitem__(event["requestId"], event["response"]["url"]))
    session.on("Network.loadingFinished", lambda event: sizes.__setitem__(event["requestId"], event["encodedDataLength"]))
    page.goto(url, wait_until="networkidle")
    page.wait_for_selector("mjx-container", timeout=15000)
    page.wait_for_load_state("networkidle")
    return sum(sizes.values()), sorted(names.values())


def test_only_a_page_with_code_loads_the_copy_button(context, base_url):
    guide = open_page(context, base_url + PAGES["guide"])
    assert guide.locator("script[src*='copybutton'], link[href*='copybutton']").count() == 0
    paper = open_page(context, base_url + PAGES["paper"])
    assert paper.locator("script[src*='copybutton.js']").count() == 1
    paper.locator("div.highlight-bibtex").hover()
    assert paper.locator("div.highlight-bibtex button.copybtn").is_visible()
    assert guide.errors == [] and paper.errors == []


def test_a_guide_with_little_math_weighs_under_300_kB_with_its_math_typeset(context, base_url):
    """MathJax without its context menu: TeX input, HTML output and the hidden MathML that
    screen readers read. Measured: the transformers guide (two formulas) 259 kB; the menu would add 108 kB."""
    total, files = transferred_bytes(context, base_url + "guides/transformers.html")
    assert total <= 300_000, f"{total} bytes"
    assert any(name.endswith("output/chtml.js") for name in files)
    assert not any("/ui/" in name or "tex-chtml.js" in name for name in files)  # no menu


def test_a_glossary_term_shows_its_definition_when_the_keyboard_reaches_it(context, base_url):
    page = open_page(context, base_url + PAGES["guide"])
    term = page.locator("a.scholar-term").first
    assert term.get_attribute("title")  # the browser's tooltip on hover
    page.keyboard.press("Tab")
    term.focus()
    shown = page.evaluate("getComputedStyle(document.activeElement, '::after').content")
    assert shown.strip('"') == term.get_attribute("title")
    screenshot(page, "guide-term-focus")
