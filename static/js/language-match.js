// Live hint on the application form: do the languages chosen meet the role's levels?
// Progressive enhancement only: the server shows the same hint once a draft is saved.
(function () {
  "use strict";
  var LEVELS = ["A1", "A2", "B1", "B2", "C1", "C2"];

  function rank(level) { return LEVELS.indexOf(level) + 1; }

  function init(fieldset) {
    var required = JSON.parse(fieldset.getAttribute("data-language-match") || "{}");
    var output = fieldset.querySelector(".language-match");
    if (!output || Object.keys(required).length === 0) { return; }

    function update() {
      var spoken = {};
      var languages = fieldset.querySelectorAll("select[name$='-language']");
      languages.forEach(function (select) {
        var level = fieldset.querySelector("select[name='" + select.name.replace(/-language$/, "-level") + "']");
        if (select.value && level && level.value) { spoken[select.value] = level.value; }
      });
      if (Object.keys(spoken).length === 0) { output.textContent = ""; return; }
      var met = Object.keys(required).every(function (lang) {
        return rank(spoken[lang]) >= rank(required[lang]);
      });
      output.innerHTML = "";
      var badge = document.createElement("span");
      badge.className = "match " + (met ? "match--yes" : "match--no");
      badge.textContent = output.getAttribute(met ? "data-yes" : "data-no");
      output.appendChild(badge);
    }

    fieldset.addEventListener("change", update);
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-language-match]").forEach(init);
  });
})();
