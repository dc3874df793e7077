// A live count of the characters typed in fields with a limit: "120 of 4000 characters".
// The wording comes from the page (data-counter, translated), the number from the field.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-counter]").forEach(function (field) {
      var output = document.getElementById(field.getAttribute("data-counter-id"));
      if (!output) return;
      var max = field.getAttribute("maxlength");
      var timer = null;
      function show() {
        output.textContent = field
          .getAttribute("data-counter")
          .replace("{count}", String(field.value.length))
          .replace("{max}", max);
      }
      // Announce after a pause in typing, not at every key.
      field.addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(show, 400);
      });
      show();
    });
  });
})();
