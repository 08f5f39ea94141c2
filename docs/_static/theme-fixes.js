// Two fixes for sphinx-book-theme 1.4 on pydata-sphinx-theme 0.20.
(function () {
  "use strict";

  // 1. Dark mode without a flash of light mode. With default_mode "auto" the page
  //    starts as data-theme="auto" (light styles) and the theme's deferred script
  //    resolves it after the first paint, so a dark-mode reader sees every page
  //    flash light and fade (CSS transitions) to dark. This script runs in <head>,
  //    before the body is drawn, and resolves "auto" at once, as the theme will.
  var root = document.documentElement;
  if (root.dataset.theme === "auto" && window.matchMedia) {
    root.dataset.theme = window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
  }

  // 2. The sidebar buttons of the article header do nothing: both themes attach
  //    their handlers to the FIRST .primary-toggle / .secondary-toggle of the page,
  //    the hidden one in the top navbar. A click on a header button is forwarded to
  //    that first button, so that the navigation (and the page contents) open on a
  //    phone and collapse on a desktop.
  document.addEventListener("DOMContentLoaded", function () {
    [".primary-toggle", ".secondary-toggle"].forEach(function (selector) {
      var first = document.querySelector(selector);
      document.querySelectorAll(".bd-header-article " + selector).forEach(function (button) {
        if (!first || button === first) return;
        button.addEventListener("click", function (event) {
          event.preventDefault();
          button.blur();
          first.click();
        });
      });
    });
  });
})();
