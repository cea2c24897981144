// The survey invitation under an article, hidden from a reader who has answered that
// survey: the article page is cached and shared, so this is decided here, from the
// cookie the survey set on this device (surveys/answered.py). Without this script the
// invitation shows, and the survey page itself says it was answered.
(function () {
  "use strict";
  var invitation = document.querySelector(".survey-invitation[data-survey]");
  if (!invitation) return;
  var answered = "xrays_survey_answered=" + invitation.getAttribute("data-survey");
  if (document.cookie.split("; ").indexOf(answered) !== -1) invitation.hidden = true;
})();
