// The sidebar buttons of the article header (sphinx-book-theme) do nothing with
// pydata-sphinx-theme 0.20: both themes attach their handlers to the FIRST
// .primary-toggle / .secondary-toggle of the page, which is the hidden one in the
// top navbar. Forward a click on a header button to that first button, so that
// the navigation (and the page contents) open on a phone and collapse on a desktop.
(function () {
  "use strict";
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
