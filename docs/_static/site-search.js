/*
 * The search page's ranking and results (notesite/ext/site_search.py says why).
 *
 * Sphinx's searchtools.js finds the candidate pages in its index; this script reads each
 * candidate, keeps those that contain every Han term of the query, ranks them (the query
 * in a heading first, then by how often its terms occur) and shows each with the section
 * where the terms stand, linked, and an excerpt with the whole terms highlighted.
 * Loaded after searchtools.js, on search.html only.
 */
"use strict";

const SiteSearch = {
  HAN: /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]/u,
  pages: new Map(), // page URL -> Promise of its sections
  parsed: new Map(), // a page's HTML -> its sections, for the ranking and the excerpts (at most every page of the site)
  terms: [], // the current query's terms, as typed (split on white space)

  /* A term as a pattern: a Han term matches anywhere, any other term as a whole word. */
  pattern: (term) => {
    // Only the characters the u flag lets a pattern escape ("-" outside a class is itself).
    const escaped = term.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
    const spaced = escaped.replace(/\s+/g, "\\s+");
    return SiteSearch.HAN.test(term)
      ? new RegExp(spaced, "giu")
      : new RegExp(`(?<![\\p{L}\\p{N}_])${spaced}(?![\\p{L}\\p{N}_])`, "giu");
  },

  count: (text, term) => (text.match(SiteSearch.pattern(term)) || []).length,

  /* How often the terms occur in a text; 0 unless every term occurs. */
  occurrences: (text, terms) => {
    const counts = terms.map((t) => SiteSearch.count(text, t));
    return counts.length && counts.every((n) => n > 0) ? counts.reduce((a, b) => a + b, 0) : 0;
  },

  /* How well a text matches: the terms together as typed, then all of them, then any of them. */
  score: (text, terms) => [
    terms.length > 1 ? SiteSearch.count(text, terms.join(" ")) : 0,
    SiteSearch.occurrences(text, terms),
    terms.reduce((sum, t) => sum + SiteSearch.count(text, t), 0),
  ],

  /* Two scores compared figure by figure: negative, zero or positive, as sort() wants. */
  compare: (x, y) => {
    const i = x.findIndex((v, k) => v !== y[k]);
    return i < 0 ? 0 : x[i] - y[i];
  },

  /* The sections of a page: [{id, heading, text (own text, without subsections)}], the body first. */
  sections: (html) => {
    const doc = new DOMParser().parseFromString(html, "text/html");
    const body = doc.querySelector('[role="main"] section');
    if (!body) return [];
    body.querySelectorAll(".headerlink, script, style").forEach((el) => el.remove());
    const out = [];
    for (const section of [body, ...body.querySelectorAll("section")]) {
      const own = section.cloneNode(true);
      own.querySelectorAll("section").forEach((el) => el.remove());
      const heading = own.querySelector("h1, h2, h3, h4, h5, h6");
      out.push({
        id: section === body ? "" : section.id,
        heading: heading ? heading.textContent.trim() : "",
        text: own.textContent,
      });
    }
    return out;
  },

  /* The sections of a page's HTML, parsed once: the excerpt of each result reads the page that
     the ranking read (Sphinx fetches it again and passes its text to makeSearchSummary). */
  sectionsOf: (html) => {
    if (!SiteSearch.parsed.has(html)) SiteSearch.parsed.set(html, SiteSearch.sections(html));
    return SiteSearch.parsed.get(html);
  },

  page: (url) => {
    if (!SiteSearch.pages.has(url))
      SiteSearch.pages.set(
        url,
        fetch(url)
          .then((response) => (response.ok ? response.text() : ""))
          .then(SiteSearch.sectionsOf),
      );
    return SiteSearch.pages.get(url);
  },

  url: (docName) =>
    document.documentElement.dataset.content_root + docName + DOCUMENTATION_OPTIONS.FILE_SUFFIX,

  /* The results for a query, as Sphinx's display takes them (the best last). */
  results: async (query) => {
    const terms = query.trim().split(/\s+/).filter((t) => t);
    const hanRuns = terms.flatMap((t) => t.match(new RegExp(`${SiteSearch.HAN.source}+`, "gu")) || []);
    const candidates = Search._performSearch(...Search._parseQuery(query));
    const titles = Search._index.titles;
    const docNames = Search._index.docnames;
    const byDoc = new Map();
    for (const result of candidates) if (!byDoc.has(result[0])) byDoc.set(result[0], result);
    const ranked = await Promise.all(
      [...byDoc.values()].map(async (result) => {
        const sections = await SiteSearch.page(SiteSearch.url(result[0]));
        const text = sections.map((s) => s.text).join("\n");
        if (!sections.length || hanRuns.some((run) => SiteSearch.count(text, run) === 0)) return null;
        const inHeading = sections.filter((s) => SiteSearch.occurrences(s.heading, terms) > 0);
        // The section: the first with the terms in its heading, else the one where they occur
        // most (together as typed, else all of them, else any of them).
        const better = (a, b) => SiteSearch.compare(SiteSearch.score(a.text, terms), SiteSearch.score(b.text, terms)) > 0;
        const where = inHeading[0] || sections.reduce((best, s) => (better(s, best) ? s : best), sections[0]);
        const file = docNames.indexOf(result[0]);
        const title = titles[file];
        return {
          result: [
            result[0],
            where.id && where.heading !== title ? `${title} > ${where.heading}` : title,
            where.id ? "#" + where.id : "",
            null,
            0,
            result[5],
            inHeading.length ? SearchResultKind.title : SearchResultKind.text,
          ],
          key: [inHeading.length ? 1 : 0, ...SiteSearch.score(text, terms), result[4]],
        };
      }),
    );
    const kept = ranked.filter((r) => r !== null);
    kept.sort((a, b) =>
      SiteSearch.compare(a.key, b.key) || (a.result[1] < b.result[1] ? 1 : a.result[1] > b.result[1] ? -1 : 0),
    );
    kept.forEach((r, i) => (r.result[4] = i + 1)); // the score shown in data-score: the rank, best highest
    return kept.map((r) => r.result);
  },

  /* An excerpt of the section (anchor) around the first term, the terms highlighted. */
  summary: (htmlText, anchor) => {
    const sections = SiteSearch.sectionsOf(htmlText);
    const section = sections.find((s) => "#" + s.id === anchor) || sections[0];
    const para = document.createElement("p");
    para.classList.add("context");
    if (!section) return para;
    const text = section.text.replace(/\s+/g, " ").trim();
    const positions = SiteSearch.terms
      .map((t) => text.search(SiteSearch.pattern(t)))
      .filter((i) => i > -1);
    const first = positions.length ? Math.min(...positions) : 0;
    const start = Math.max(first - 60, 0);
    const excerpt = (start ? "…" : "") + text.substr(start, 200) + (start + 200 < text.length ? "…" : "");
    const all = new RegExp(
      SiteSearch.terms.map((t) => SiteSearch.pattern(t).source).join("|") || "(?!)",
      "giu",
    );
    let last = 0;
    for (const match of excerpt.matchAll(all)) {
      para.append(excerpt.slice(last, match.index));
      const mark = para.appendChild(document.createElement("span"));
      mark.classList.add("highlighted");
      mark.textContent = match[0];
      last = match.index + match[0].length;
    }
    para.append(excerpt.slice(last));
    return para;
  },
};

Search.makeSearchSummary = (htmlText, keywords, anchor) => SiteSearch.summary(htmlText, anchor);

Search.query = (query) => {
  SiteSearch.terms = query.trim().split(/\s+/).filter((t) => t);
  const [, searchTerms] = Search._parseQuery(query);
  const highlightTerms = new Set(SiteSearch.terms.map((t) => t.toLowerCase()));
  if (SPHINX_HIGHLIGHT_ENABLED)
    localStorage.setItem("sphinx_highlight_terms", [...highlightTerms].join(" "));
  // The excerpts mark the whole terms themselves (SiteSearch.summary); Sphinx's own marking
  // would also mark pieces of words ("loss" in "Losses").
  SiteSearch.results(query).then((results) =>
    _displayNextItem(results, results.length, searchTerms, new Set()),
  );
};
