/* Reader-side features of the reading guide, all without a server:
 *  - talk times also shown in the reader's own time zone;
 *  - a personal agenda: star talks on event, talk and person pages (kept in localStorage),
 *    list them on the agenda page with their times, and download them as one .ics made from
 *    the site's per-talk calendars;
 *  - narrowing the paper index by theme and year;
 *  - reading progress: tick reading-path items as read (kept in localStorage); each guide
 *    and the landing page show how many of a path's items are ticked;
 *  - search results listing each page once.
 * Every feature starts only when its elements are on the page.
 */
"use strict";

(function () {
  const AGENDA_KEY = "scholar-agenda";
  const READ_KEY = "scholar-read";
  const root = document.documentElement.dataset.content_root
    || (document.querySelector("script[data-url_root]") || {}).dataset?.url_root
    || (typeof DOCUMENTATION_OPTIONS !== "undefined" && DOCUMENTATION_OPTIONS.URL_ROOT) || "";

  function siteUrl(path) {
    return new URL(root + path, document.baseURI).href;
  }

  /* -- times in the reader's zone ------------------------------------------------------ */

  function readerZone() {
    return Intl.DateTimeFormat().resolvedOptions().timeZone;
  }

  function clock(date) {
    return date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", hour12: false });
  }

  /* " (Mon 30 Sep, 14:30–15:15 your time, Asia/Tokyo)", or "" for a reader in the event's zone. */
  function readerTime(startIso, endIso, eventZone) {
    const zone = readerZone();
    if (!startIso || zone === eventZone) return "";
    const start = new Date(startIso);
    const end = endIso ? new Date(endIso) : null;
    const day = start.toLocaleDateString([], { weekday: "short", day: "numeric", month: "short" });
    return ` (${day}, ${clock(start)}${end ? "–" + clock(end) : ""} your time, ${zone})`;
  }

  function showReaderTimes() {
    document.querySelectorAll(".scholar-yourtime[data-start]").forEach((span) => {
      span.textContent = readerTime(span.dataset.start, span.dataset.end, span.dataset.zone);
    });
  }

  /* -- what the reader keeps in this browser ------------------------------------------ */

  function storedList(key) {
    try {
      const value = JSON.parse(localStorage.getItem(key));
      return Array.isArray(value) ? value : [];
    } catch (error) {
      return [];
    }
  }

  function storeList(key, ids) {
    localStorage.setItem(key, JSON.stringify([...new Set(ids)].sort()));
  }

  /* -- personal agenda ----------------------------------------------------------------- */

  function starred() {
    return storedList(AGENDA_KEY);
  }

  function saveStarred(ids) {
    storeList(AGENDA_KEY, ids);
  }

  function setupStars() {
    document.querySelectorAll(".scholar-agenda-note").forEach((note) => { note.hidden = false; });
    document.querySelectorAll("button.scholar-star[data-talk]").forEach((button) => {
      const id = button.dataset.talk;
      const render = () => {
        const on = starred().includes(id);
        button.setAttribute("aria-pressed", String(on));
        button.textContent = on ? "★" : "☆";
        button.title = on ? "Remove from my agenda" : "Add to my agenda";
      };
      button.hidden = false;
      button.addEventListener("click", () => {
        const ids = starred();
        saveStarred(ids.includes(id) ? ids.filter((other) => other !== id) : [...ids, id]);
        render();
      });
      render();
    });
  }

  async function loadCatalog() {
    const response = await fetch(siteUrl("catalog.json"));
    return response.json();
  }

  function agendaItem(talk, event) {
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = siteUrl(talk.url);
    link.textContent = talk.title || "Talk to be announced";
    item.append(link);
    const speakers = talk.speakers.map((s) => s.name).join(", ");
    item.append(` — ${speakers}; ${event ? event.title : ""}; ${agendaTime(talk, event)}`);
    const remove = document.createElement("button");
    remove.type = "button";
    remove.className = "scholar-unstar";
    remove.textContent = "Remove";
    remove.setAttribute("aria-label", `Remove “${link.textContent}” from my agenda`);
    remove.addEventListener("click", () => {
      saveStarred(starred().filter((id) => id !== talk.id));
      renderAgenda();
    });
    item.append(" ", remove);
    return item;
  }

  /* "2024-09-30 08:30–09:15 Europe/Zagreb", then the reader's own time when their zone differs. */
  function agendaTime(talk, event) {
    if (!talk.date) return "no date";
    const zone = event && event.timezone;
    const span = talk.start ? ` ${talk.start}${talk.end ? "–" + talk.end : ""}${zone ? " " + zone : ""}` : "";
    return talk.date + span + readerTime(talk.starts_at, talk.ends_at, zone);
  }

  async function renderAgenda() {
    const box = document.getElementById("scholar-agenda");
    if (!box) return;
    const catalog = await loadCatalog();
    const events = Object.fromEntries(catalog.events.map((e) => [e.id, e]));
    const ids = starred();
    const talks = catalog.talks.filter((t) => ids.includes(t.id))
      .sort((a, b) => `${a.date}${a.start}`.localeCompare(`${b.date}${b.start}`));
    const list = box.querySelector("ul.scholar-agenda-list");
    list.replaceChildren(...talks.map((t) => agendaItem(t, events[t.event])));
    box.querySelector(".scholar-agenda-empty").hidden = talks.length > 0;
    box.querySelector("button.scholar-agenda-download").disabled = talks.length === 0;
  }

  /* One calendar of the starred talks, made of the site's own per-talk calendars. */
  async function agendaCalendar() {
    const parts = await Promise.all(starred().map(async (id) => {
      const response = await fetch(siteUrl(`calendars/talks/${id}.ics`));
      return response.ok ? response.text() : "";
    }));
    const zones = new Map();
    const events = [];
    for (const text of parts) {
      const unfolded = text.replace(/\r\n/g, "\n");
      for (const block of unfolded.match(/BEGIN:VTIMEZONE[\s\S]*?END:VTIMEZONE\n/g) || []) {
        zones.set(block.match(/TZID:(.*)/)[1], block);
      }
      events.push(...(unfolded.match(/BEGIN:VEVENT[\s\S]*?END:VEVENT\n/g) || []));
    }
    const body = ["BEGIN:VCALENDAR\n", "VERSION:2.0\n", "PRODID:-//Theory of ML reading guide//agenda//EN\n",
      "X-WR-CALNAME:My agenda\n", ...zones.values(), ...events, "END:VCALENDAR\n"].join("");
    return body.replace(/\n/g, "\r\n");
  }

  async function downloadAgenda() {
    const blob = new Blob([await agendaCalendar()], { type: "text/calendar" });
    const link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = "my-agenda.ics";
    document.body.append(link);
    link.click();
    link.remove();
  }

  function setupAgenda() {
    const box = document.getElementById("scholar-agenda");
    if (!box) return;
    box.querySelector("button.scholar-agenda-download").addEventListener("click", downloadAgenda);
    renderAgenda();
  }

  /* -- reading progress ---------------------------------------------------------------- */

  /* Entries are "paper:<key>" or "talk:<id>", so an item ticked in one guide counts as
   * read in every guide whose path holds it. */
  function showProgress() {
    const read = new Set(storedList(READ_KEY));
    document.querySelectorAll(".scholar-progress[data-entries]").forEach((note) => {
      const entries = note.dataset.entries.split(" ").filter(Boolean);
      const done = entries.filter((entry) => read.has(entry)).length;
      const count = `${done} of ${entries.length} read`;
      note.textContent = note.tagName === "P" ? `Your progress on this reading path: ${count}.` : ` (${count})`;
      note.hidden = false;
    });
  }

  function setupReadBoxes() {
    const boxes = document.querySelectorAll("input.scholar-read-box[data-entry]");
    const read = new Set(storedList(READ_KEY));
    boxes.forEach((box) => {
      // Named after its step, so that a screen reader's list of controls says which is which.
      const title = box.closest(".scholar-step-head")?.querySelector(".scholar-title")?.textContent.trim();
      if (title) box.setAttribute("aria-label", `Mark “${title}” as read`);
      box.checked = read.has(box.dataset.entry);
      box.closest("label").hidden = false;
      box.addEventListener("change", () => {
        const ids = storedList(READ_KEY).filter((entry) => entry !== box.dataset.entry);
        storeList(READ_KEY, box.checked ? [...ids, box.dataset.entry] : ids);
        boxes.forEach((other) => {
          if (other.dataset.entry === box.dataset.entry) other.checked = box.checked;
        });
        showProgress();
      });
    });
    showProgress();
  }

  /* -- paper index filters ------------------------------------------------------------- */

  function setupPaperFilter() {
    const form = document.getElementById("scholar-paper-filter");
    const list = document.querySelector("ul.scholar-paper-index");
    if (!form || !list) return;
    const theme = form.querySelector("select[name=theme]");
    const year = form.querySelector("select[name=year]");
    const count = form.querySelector(".scholar-filter-count");
    const apply = () => {
      let shown = 0;
      list.querySelectorAll(":scope > li").forEach((item) => {
        const keep = (!theme.value || item.classList.contains(`scholar-theme-${theme.value}`))
          && (!year.value || item.classList.contains(`scholar-year-${year.value}`));
        item.hidden = !keep;
        shown += keep ? 1 : 0;
      });
      count.textContent = `${shown} paper${shown === 1 ? "" : "s"}`;
    };
    form.hidden = false;
    theme.addEventListener("change", apply);
    year.addEventListener("change", apply);
    apply();
  }

  /* -- search: one result per page ------------------------------------------------------ */

  /* Sphinx lists a page once per way it matched (a glossary term's entry, then the glossary's
   * text); a reader wants each page once, where it ranks best. Its results come worst first
   * (it shows them from the end), so the last of a page's results is the one kept. Runs
   * before Sphinx's search starts (at DOMContentLoaded); without Sphinx's search, nothing. */
  function onePageOnce() {
    if (typeof Search === "undefined" || typeof Search._performSearch !== "function") return;
    const perform = Search._performSearch;
    Search._performSearch = (...args) => {
      const seen = new Set();
      return perform(...args).reverse().filter((result) => !seen.has(result[0]) && seen.add(result[0])).reverse();
    };
  }

  // The script is deferred, so the page is parsed when it runs. It starts at once rather than
  // at DOMContentLoaded, which waits for every deferred script: on a slow connection the read
  // boxes and stars would wait for MathJax.
  showReaderTimes();
  setupStars();
  setupAgenda();
  setupPaperFilter();
  setupReadBoxes();
  onePageOnce();
})();
