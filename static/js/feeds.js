// "Copy address" buttons on the feeds page (/feeds/). Without this script the buttons
// stay hidden and each address is plain text to select and copy by hand. The button
// tapped says "Copied" (where the reader is looking); a status line tells screen readers.
(function () {
  "use strict";
  if (!navigator.clipboard) return;
  var status = document.querySelector(".feed-copied");
  var buttons = document.querySelectorAll("[data-copy]");
  var label = "Copy address";
  buttons.forEach(function (button) {
    var address = document.getElementById(button.getAttribute("data-copy"));
    if (!address) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var text = address.textContent.trim();
      buttons.forEach(function (other) { other.textContent = label; });
      navigator.clipboard.writeText(text).then(
        function () { button.textContent = "Copied"; status.textContent = "Copied: " + text; },
        function () {
          button.textContent = "Could not copy";
          status.textContent = "Could not copy. Select the address and copy it by hand.";
        }
      );
    });
  });
})();
