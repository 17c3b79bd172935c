/* Every page: move the keyboard (and a screen reader) to a form's error summary when the page
   comes back with errors, so that the person hears what to correct first. */
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (summary) { summary.focus(); }
})();
