// The toggle of each solution named in the page's language (notesite/ext/exercises.py).
// sphinx-togglebutton names every button "Toggle hidden content", in English; here the
// name is the button's hint ("显示解答" / "Show solution", notesite/core/languages.py),
// the words it shows on a wide screen, and it follows the hint when the button is pressed.
// An opened solution's code blocks that scroll become tab stops, as the theme's are.
(function () {
  "use strict";

  function name(button) {
    if (button.dataset.toggleHint) button.setAttribute("aria-label", button.dataset.toggleHint);
  }

  // The theme makes each code block that scrolls a tab stop (tabIndex 0), so that a keyboard
  // can scroll it, but only when the page loads or #main-content gains or loses nodes; a
  // folded solution's blocks do not scroll then, and opening one changes only classes. The
  // same rule, applied to a solution's blocks each time it opens or folds.
  var SCROLLERS = "pre, .cell_output > .output";

  function tabStops(button) {
    var block = button.closest(".admonition");
    if (!block) return;
    block.querySelectorAll(SCROLLERS).forEach(function (el) {
      el.tabIndex = el.scrollWidth > el.clientWidth || el.scrollHeight > el.clientHeight ? 0 : -1;
    });
  }

  function nameAll() {
    document.querySelectorAll("button.toggle-button").forEach(function (button) {
      name(button);
      new MutationObserver(function () { name(button); tabStops(button); })
        .observe(button, { attributes: true, attributeFilter: ["data-toggle-hint"] });
    });
  }

  // This script is deferred: it runs before DOMContentLoaded, and togglebutton.js (in
  // <head>) adds its buttons on DOMContentLoaded, in a listener registered before this one.
  if (document.readyState === "complete") nameAll();
  else document.addEventListener("DOMContentLoaded", nameAll);
})();
