// On every page. The phone menu: below 720 px the navigation folds behind a "Menu" button. Without
// JavaScript the button stays hidden and the navigation stays open.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    // A form sent back with problems: take the keyboard to the list of problems.
    var summary = document.querySelector(".error-summary");
    if (summary) summary.focus();

    var button = document.querySelector(".menu-toggle");
    var menu = document.getElementById("site-menu");
    if (!button || !menu) return;
    var narrow = window.matchMedia("(max-width: 720px)");

    function set(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      menu.classList.toggle("site-menu--closed", !open);
    }
    function fit() {
      button.hidden = !narrow.matches;
      set(!narrow.matches);
    }
    button.addEventListener("click", function () {
      set(button.getAttribute("aria-expanded") !== "true");
    });
    menu.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && narrow.matches) {
        set(false);
        button.focus();
      }
    });
    narrow.addEventListener("change", fit);
    fit();
  });
})();
