// The admin's "Publish later" form: tell the server the zone the editor's clock is in,
// so the typed time means what they meant, and say that zone beside the field. Without
// this script the field keeps saying the site's zone, which the server then uses.
(function () {
  "use strict";

  function browserZone() {
    try {
      return Intl.DateTimeFormat().resolvedOptions().timeZone || "";
    } catch (error) {
      return "";
    }
  }

  function fill() {
    var zone = browserZone();
    if (!zone) return;
    document.querySelectorAll("input[data-browser-time-zone]").forEach(function (input) {
      input.value = zone;
      if (!input.form) return;
      input.form.querySelectorAll("[data-time-zone-name]").forEach(function (name) {
        name.textContent = zone;
      });
      input.form.querySelectorAll("[data-time-zone-remark]").forEach(function (remark) {
        remark.textContent =
          zone === remark.dataset.timeZoneRemark ? " (the site's time zone)" : " (your computer's time zone)";
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", fill);
  } else {
    fill();
  }
})();
