// Glossary pop-ups. Without this script each marked term is a plain link to the
// glossary page, and screen readers announce its definition (aria-describedby).
// With it, the definition appears on hover or focus, stays while the pointer is
// over it (WCAG 1.4.13: hoverable, persistent) and Escape dismisses it.
(function () {
  "use strict";
  var open = null;

  // A pop-up opens under its term; near the right edge of a narrow window it moves left,
  // so that it never pushes the page sideways (WCAG 1.4.10, reflow).
  function keepInWindow(definition) {
    var margin = 8;
    definition.style.left = "";
    var box = definition.getBoundingClientRect();
    var limit = document.documentElement.clientWidth - margin;
    if (box.right > limit) {
      var shift = Math.min(box.right - limit, Math.max(box.left - margin, 0));
      definition.style.left = -shift + "px";
    }
  }

  function show(term) {
    if (open && open !== term) hide(open);
    var definition = term.querySelector(".term-definition");
    if (definition) { definition.hidden = false; keepInWindow(definition); open = term; }
  }
  function hide(term) {
    var definition = term.querySelector(".term-definition");
    if (definition) { definition.hidden = true; definition.style.left = ""; }
    if (open === term) open = null;
  }

  document.querySelectorAll(".term").forEach(function (term) {
    var link = term.querySelector(".term-link");
    term.addEventListener("mouseenter", function () { show(term); });
    term.addEventListener("mouseleave", function () {
      if (document.activeElement !== link) hide(term);
    });
    link.addEventListener("focus", function () { show(term); });
    link.addEventListener("blur", function () { hide(term); });
  });

  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && open) { hide(open); }
  });
})();
