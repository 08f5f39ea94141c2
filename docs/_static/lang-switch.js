// Language switch: open the same page in the other language at the same section,
// and remember the reader's choice for the landing page (/index.html).
(function () {
  "use strict";
  var KEY = "pytorch-notes-lang";
  function remember(lang) {
    try { window.localStorage.setItem(KEY, lang); } catch (e) { /* storage disabled */ }
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("a[data-lang-switch]").forEach(function (link) {
      link.addEventListener("click", function () {
        remember(link.getAttribute("data-lang-switch"));
        link.hash = window.location.hash; // the section labels are the same in both languages
      });
    });
  });
})();
