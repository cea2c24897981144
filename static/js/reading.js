// Reading on a phone (issue 18). Everything here only improves a page that already
// works without it:
// - the header's "Search" link (to the search page) becomes a button that shows the
//   search form in the header, on screens too narrow to show it always;
// - a link to the contents opens the folded contents it lands on;
// - printing opens every fold ("At a glance", the contents), and closes again after
//   the ones the reader had not opened.
(function () {
  "use strict";

  var toggle = document.querySelector(".search-toggle[data-search-form]");
  var form = toggle && document.getElementById(toggle.getAttribute("data-search-form"));
  var header = toggle && toggle.closest(".site-header");
  if (toggle && form && header) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = toggle.className;
    button.textContent = toggle.textContent;
    button.setAttribute("aria-expanded", "false");
    button.setAttribute("aria-controls", form.id);
    toggle.replaceWith(button);
    var input = form.querySelector("input[type=search]");
    var setOpen = function (open) {
      header.classList.toggle("is-searching", open);
      button.setAttribute("aria-expanded", String(open));
      if (open && input) input.focus();
    };
    button.addEventListener("click", function () {
      setOpen(!header.classList.contains("is-searching"));
    });
    form.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && header.classList.contains("is-searching")) {
        setOpen(false);
        button.focus();
      }
    });
  }

  var contents = document.querySelector("#contents details");
  if (contents) {
    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest('a[href="#contents"]');
      if (link) contents.open = true;
    });
    if (location.hash === "#contents") contents.open = true;
  }

  var openedForPrint = [];
  window.addEventListener("beforeprint", function () {
    document.querySelectorAll(".glance-details:not([open]), .toc-details:not([open])").forEach(function (details) {
      details.open = true;
      openedForPrint.push(details);
    });
  });
  window.addEventListener("afterprint", function () {
    openedForPrint.forEach(function (details) { details.open = false; });
    openedForPrint = [];
  });
})();
