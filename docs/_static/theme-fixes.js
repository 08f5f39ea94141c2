// A fix for sphinx-book-theme 1.4 on pydata-sphinx-theme 0.20.
(function () {
  "use strict";

  // Dark mode without a flash of light mode. With default_mode "auto" the page
  // starts as data-theme="auto" (light styles) and the theme's deferred script
  // resolves it after the first paint, so a dark-mode reader sees every page
  // flash light and fade (CSS transitions) to dark. This script runs in <head>,
  // before the body is drawn, and resolves "auto" at once, as the theme will.
  var root = document.documentElement;
  if (root.dataset.theme === "auto" && window.matchMedia) {
    root.dataset.theme = window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }

  // (The article header's sidebar buttons work as they are: the theme attaches its
  //  handlers to the first .primary-toggle / .secondary-toggle of the page, and with
  //  the top bar gone (docs/_templates/layout.html) those are the article header's.)
})();
