// The toggle of each solution named in the page's language (docs/_ext/exercises.py).
// sphinx-togglebutton names every button "Toggle hidden content", in English; here the
// name is the button's hint ("显示解答" / "Show solution", docs/_tools/languages.py),
// the words it shows on a wide screen, and it follows the hint when the button is pressed.
(function () {
  "use strict";

  function name(button) {
    if (button.dataset.toggleHint) button.setAttribute("aria-label", button.dataset.toggleHint);
  }

  function nameAll() {
    document.querySelectorAll("button.toggle-button").forEach(function (button) {
      name(button);
      new MutationObserver(function () { name(button); })
        .observe(button, { attributes: true, attributeFilter: ["data-toggle-hint"] });
    });
  }

  // This script is deferred: it runs before DOMContentLoaded, and togglebutton.js (in
  // <head>) adds its buttons on DOMContentLoaded, in a listener registered before this one.
  if (document.readyState === "complete") nameAll();
  else document.addEventListener("DOMContentLoaded", nameAll);
})();
