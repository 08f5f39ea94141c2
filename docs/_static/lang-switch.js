// Language switch: open the same page in another language at the same section,
// and remember the reader's choice for the landing page (/index.html), under the
// storage key the link carries (data-remember: languages.CHOICE_KEY).
//
// Every language gives every section the same label (its id in the HTML), so the
// section the reader is looking at is found by id on the other side: the one the
// address names (#label) while it is on screen, otherwise the innermost section
// whose heading has scrolled past the top of the window.
(function () {
  "use strict";
  var HEADER = 120; // px: a heading above this line counts as "scrolled past"

  function remember(key, lang) {
    try { window.localStorage.setItem(key, lang); } catch (e) { /* storage disabled */ }
  }

  function onScreen(el) {
    var r = el.getBoundingClientRect();
    return r.bottom > 0 && r.top < window.innerHeight;
  }

  function currentSection() {
    var hash = window.location.hash;
    var target = hash && document.getElementById(decodeURIComponent(hash.slice(1)));
    if (target && onScreen(target)) return hash;
    var found = "";
    // Nested sections only: the outermost one is the whole page (the title's section),
    // and the page's address without a #label already opens there.
    document.querySelectorAll("article.bd-article section[id] section[id]").forEach(function (s) {
      if (s.getBoundingClientRect().top <= HEADER) found = "#" + s.id;
    });
    return found;
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("a[data-lang-switch]").forEach(function (link) {
      function aim() { link.hash = currentSection(); }
      link.addEventListener("click", function () {
        remember(link.getAttribute("data-remember"), link.getAttribute("data-lang-switch"));
        aim();
      });
      // Also when the link is focused or touched, so "open in new tab" goes there too.
      link.addEventListener("focus", aim);
      link.addEventListener("pointerdown", aim);
    });
  });
})();
