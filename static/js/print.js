// The Print buttons of the printer-friendly page and the doctor-visit sheet. Each
// button is in the page hidden, beside a hint naming the browser's Print command: a
// button without this script would do nothing. Here the button shows and the hint goes.
// window.print() opens the browser's print dialog; on a phone (Chrome on Android,
// Safari on iOS) that is the system sheet, which also saves the page as a PDF.
(function () {
  "use strict";
  if (typeof window.print !== "function") return;
  var buttons = document.querySelectorAll("[data-print]");
  if (!buttons.length) return;
  buttons.forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
  document.querySelectorAll("[data-print-hint]").forEach(function (hint) { hint.hidden = true; });
})();
