// Glossary pop-ups. Without this script each marked term is a plain link to the
// glossary page, and screen readers announce its definition (aria-describedby); nothing
// else changes.
//
// With it, each term becomes a disclosure button (an <a role="button" aria-expanded>,
// keeping its href so that Ctrl/middle-click still opens the glossary in a new tab):
// - hover or keyboard focus previews the definition, as a tooltip would;
// - a tap, a click, Enter or Space opens it in place, without leaving the article, and
//   adds an "Open in the glossary" link, so the glossary entry is one more tap away.
// We chose a button over a link that sometimes does not navigate: a screen reader then
// says what Enter will do ("button, collapsed"), and the opened box follows the button in
// the reading order. An <a> with role="button" rather than a <button> because a <button>
// cannot wrap across lines, and a two-word term at the end of a line must not push the
// page sideways at 320 px.
// WCAG 1.4.13: the pop-up stays while the pointer is over it (hoverable), stays until
// dismissed (persistent), and Escape or a tap outside dismisses it. It opens below its
// word, or above when there is no room below, and never wider than the window.
(function () {
  "use strict";
  var MARGIN = 8;
  var open = null;  // the .term whose pop-up shows, if any

  function parts(term) {
    return {
      link: term.querySelector(".term-link"),
      box: term.querySelector(".term-definition"),
      more: term.querySelector(".term-more")
    };
  }

  // Near the right edge of a narrow window the box moves left, so that it never pushes
  // the page sideways (WCAG 1.4.10, reflow); near the bottom it opens above the word.
  function keepInWindow(box) {
    box.style.left = "";
    box.classList.remove("term-definition-above");
    var rect = box.getBoundingClientRect();
    var right = document.documentElement.clientWidth - MARGIN;
    if (rect.right > right) {
      var shift = Math.min(rect.right - right, Math.max(rect.left - MARGIN, 0));
      box.style.left = -shift + "px";
    }
    var bottom = document.documentElement.clientHeight - MARGIN;
    if (rect.bottom > bottom) {
      box.classList.add("term-definition-above");
      var above = box.getBoundingClientRect();
      if (above.top < MARGIN) {
        // Room on neither side (a short window): below, scrolled fully into view.
        box.classList.remove("term-definition-above");
        box.scrollIntoView({ block: "nearest" });
      }
    }
  }

  // pinned: opened by a tap, click or key, with the glossary link; else a preview.
  function show(term, pinned) {
    if (open && open !== term) hide(open);
    var p = parts(term);
    term.pinned = Boolean(term.pinned || pinned);
    p.box.hidden = false;
    if (p.more) p.more.hidden = !term.pinned;
    p.link.setAttribute("aria-expanded", String(term.pinned));
    open = term;
    keepInWindow(p.box);
  }

  function hide(term) {
    var p = parts(term);
    p.box.hidden = true;
    if (p.more) p.more.hidden = true;
    p.box.style.left = "";
    p.link.setAttribute("aria-expanded", "false");
    term.pinned = false;
    if (open === term) open = null;
  }

  // The words of the "Open in the glossary" link, in the page's language: scripts have
  // no catalogue, so the translated template gives them (data-glossary-more).
  function moreLabel(term) {
    var holder = term.closest("[data-glossary-more]") || document.querySelector("[data-glossary-more]");
    return holder ? holder.getAttribute("data-glossary-more") : "";
  }

  // The definition box gains an "Open in the glossary" link (when the page names it;
  // the term itself still leads to the glossary); the screen-reader description stays
  // the definition alone, so it moves to an inner element.
  function enhance(term) {
    var link = term.querySelector(".term-link");
    var box = term.querySelector(".term-definition");
    if (!link || !box || !box.id) return false;
    var text = document.createElement("span");
    text.className = "term-definition-text";
    text.id = box.id + "-text";
    text.setAttribute("role", "tooltip");
    while (box.firstChild) text.appendChild(box.firstChild);
    box.appendChild(text);
    box.removeAttribute("role");
    var label = moreLabel(term);
    if (label) {
      var more = document.createElement("a");
      more.className = "term-more";
      more.href = link.getAttribute("href");
      more.textContent = label;
      more.hidden = true;
      box.appendChild(more);
    }
    link.setAttribute("role", "button");
    link.setAttribute("aria-expanded", "false");
    link.setAttribute("aria-controls", box.id);
    link.setAttribute("aria-describedby", text.id);
    return true;
  }

  function toggle(term) {
    if (open === term && term.pinned) hide(term);
    else show(term, true);
  }

  document.querySelectorAll(".term").forEach(function (term) {
    if (!enhance(term)) return;
    var link = parts(term).link;
    // Hover is a pointer's, not a finger's: a touch that previewed on "hover" would change
    // the page before the tap, and Safari on iOS then drops the tap's click.
    term.addEventListener("pointerenter", function (event) {
      if (event.pointerType === "touch") return;
      term.hovered = true;
      // A pop-up someone opened stays until they dismiss it; passing over another word
      // on the way does not replace it.
      if (!open || !open.pinned) show(term, false);
    });
    term.addEventListener("pointerleave", function (event) {
      if (event.pointerType === "touch") return;
      term.hovered = false;
      if (open === term && !term.pinned && !term.contains(document.activeElement)) hide(term);
    });
    link.addEventListener("focus", function () {
      if (open !== term) show(term, false);
    });
    term.addEventListener("focusout", function (event) {
      var to = event.relatedTarget;
      if (open !== term || (to && term.contains(to))) return;
      // Focus moved to another control (Tab): close, so that the box never hides it.
      // Focus lost to nothing or to a section around the word (a tap on plain text, even
      // inside the pop-up) is left to the tap-outside rule below; a preview under the
      // pointer stays while hovered.
      var elsewhere = Boolean(to) && !to.contains(term);
      if (term.pinned ? !elsewhere : term.hovered) return;
      hide(term);
    });
    link.addEventListener("click", function (event) {
      // Ctrl, Shift, Cmd or Alt + click keep the link's own meaning (a new tab or window).
      if (event.ctrlKey || event.metaKey || event.shiftKey || event.altKey || event.button !== 0) return;
      event.preventDefault();
      toggle(term);
    });
    link.addEventListener("keydown", function (event) {
      // Enter already fires "click" on a link; a button also answers Space.
      if (event.key === " ") { event.preventDefault(); toggle(term); }
    });
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !open) return;
    var term = open;
    var p = parts(term);
    // Focus inside the closing box would be lost: it goes back to the word.
    if (p.box.contains(document.activeElement)) p.link.focus();
    hide(term);
  });

  document.addEventListener("click", function (event) {
    if (open && !open.contains(event.target)) hide(open);
  });
})();
