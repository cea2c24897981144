// "Copy address" buttons on the feeds page (/feeds/). Without this script the buttons
// stay hidden and each address is plain text to select and copy by hand. The button
// tapped says "Copied" (where the reader is looking); a status line tells screen readers.
// Its words come from the status line's data- attributes, in the page's language.
(function () {
  "use strict";
  if (!navigator.clipboard) return;
  var status = document.querySelector(".feed-copied");
  var buttons = document.querySelectorAll("[data-copy]");
  if (!status) return;
  var words = status.dataset;
  // Each button's own words ("Copy address", in the page's language) come back after.
  var label = buttons.length ? buttons[0].textContent : "";
  buttons.forEach(function (button) {
    var address = document.getElementById(button.getAttribute("data-copy"));
    if (!address) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = address.textContent.trim();
      buttons.forEach(function (other) { other.textContent = label; });
      navigator.clipboard.writeText(text).then(
        function () { button.textContent = words.copied; status.textContent = words.copiedStatus + " " + text; },
        function () {
          button.textContent = words.failed;
          status.textContent = words.failedStatus;
        }
      );
    });
  });
})();
