/* The clerk's pages: small enhancements; every page works without them. */
(function () {
  "use strict";

  // Plan overview: on a phone, start with the sections folded (Bootstrap's collapse unfolds them).
  if (window.matchMedia("(max-width: 767.98px)").matches) {
    document.querySelectorAll(".collapse[data-collapse-mobile]").forEach(function (list) {
      list.classList.remove("show");
      document.querySelectorAll('[aria-controls="' + list.id + '"]').forEach(function (button) {
        button.setAttribute("aria-expanded", "false");
      });
    });
  }

  // Deadline fields: show only those of the chosen kind.
  document.querySelectorAll(".js-deadline").forEach(function (box) {
    var radios = box.querySelectorAll('input[name="' + box.dataset.modeField + '"]');
    function update() {
      var checked = box.querySelector('input[name="' + box.dataset.modeField + '"]:checked');
      var mode = checked ? checked.value : "";
      box.querySelectorAll("[data-deadline-mode]").forEach(function (group) {
        group.hidden = mode !== "" && group.dataset.deadlineMode !== mode;
      });
    }
    radios.forEach(function (r) { r.addEventListener("change", update); });
    update();
  });

  // Sub-dimensions: only those of the chosen content area.
  var area = document.querySelector("select.js-area");
  var subs = document.querySelector(".js-sub-dimensions");
  if (area && subs) {
    var filter = function () {
      subs.querySelectorAll("input[data-area]").forEach(function (input) {
        var match = input.dataset.area === area.value;
        var row = input.closest(".form-check") || input.parentElement;
        row.hidden = !match;
        if (!match) { input.checked = false; }
      });
      subs.hidden = !area.value;
    };
    area.addEventListener("change", filter);
    filter();
  }

  // Official form: the password box only when "Set this password" is chosen.
  document.querySelectorAll(".js-password").forEach(function (box) {
    var field = box.querySelector("[data-password-field]");
    function update() {
      var checked = box.querySelector('input[type="radio"]:checked');
      field.hidden = !(checked && checked.value === "set");
    }
    box.querySelectorAll('input[type="radio"]').forEach(function (r) { r.addEventListener("change", update); });
    update();
  });
})();
