// Keeps what a person types in a long form on this device, so that nothing is lost when
// their session ends before they send it (signed out elsewhere, expired, browser
// restarted). Progressive enhancement: the server-side draft stays the real one.
//
//   <form data-draft-key="..." data-draft-saved-at="..."> text fields are kept in
//       localStorage as they are typed; on the next visit, if what was kept differs
//       from what the page shows, a notice offers to restore it or to discard it.
//   <div data-draft-clear="..."> (the page after sending) forgets the kept text.
(function () {
  "use strict";
  var PREFIX = "portal-draft:";

  function storage() {
    try { return window.localStorage; } catch (error) { return null; }
  }

  function keptFields(form) {
    return Array.prototype.filter.call(form.elements, function (element) {
      if (!element.name || element.name === "csrf_token" || element.disabled) { return false; }
      var type = (element.type || "").toLowerCase();
      return ["file", "password", "submit", "button", "hidden"].indexOf(type) === -1;
    });
  }

  function read(form) {
    var values = {};
    keptFields(form).forEach(function (element) {
      var type = element.type.toLowerCase();
      if (type === "checkbox") {
        values[element.name] = element.checked ? "on" : "";
      } else if (type === "radio") {
        if (element.checked) { values[element.name] = element.value; }
        else if (!(element.name in values)) { values[element.name] = ""; }
      } else {
        values[element.name] = element.value;
      }
    });
    return values;
  }

  function write(form, values) {
    keptFields(form).forEach(function (element) {
      if (!(element.name in values)) { return; }
      var type = element.type.toLowerCase();
      if (type === "checkbox") { element.checked = values[element.name] === "on"; }
      else if (type === "radio") { element.checked = values[element.name] === element.value; }
      else { element.value = values[element.name]; }
      element.dispatchEvent(new Event("change", { bubbles: true }));
    });
  }

  function same(a, b) {
    return Object.keys(a).every(function (name) { return (b[name] || "") === (a[name] || ""); });
  }

  function hasText(values) {
    return Object.keys(values).some(function (name) { return (values[name] || "").trim().length > 20; });
  }

  function offer(form, store, key, kept) {
    var notice = document.createElement("div");
    notice.className = "status-note draft-notice";
    notice.setAttribute("role", "status");
    var text = document.createElement("p");
    var when = new Date(kept.at);
    text.textContent = form.getAttribute("data-draft-text").replace(
      "{date}", when.toLocaleString(document.documentElement.lang || undefined));
    notice.appendChild(text);
    var restore = document.createElement("button");
    restore.type = "button";
    restore.className = "button";
    restore.textContent = form.getAttribute("data-draft-restore");
    var discard = document.createElement("button");
    discard.type = "button";
    discard.className = "button button--secondary";
    discard.textContent = form.getAttribute("data-draft-discard");
    notice.appendChild(restore);
    notice.appendChild(document.createTextNode(" "));
    notice.appendChild(discard);
    form.parentNode.insertBefore(notice, form);
    restore.addEventListener("click", function () {
      write(form, kept.values);
      notice.remove();
      var first = form.querySelector("textarea, input[type=text]");
      if (first) { first.focus(); }
    });
    discard.addEventListener("click", function () {
      store.removeItem(key);
      notice.remove();
    });
  }

  function keep(form) {
    var store = storage();
    if (!store) { return; }
    var key = PREFIX + form.getAttribute("data-draft-key");
    var kept = null;
    try { kept = JSON.parse(store.getItem(key) || "null"); } catch (error) { kept = null; }
    if (kept && kept.values && hasText(kept.values) && !same(kept.values, read(form))) {
      offer(form, store, key, kept);
    }
    var timer = null;
    function save() {
      var values = read(form);
      if (hasText(values)) {
        store.setItem(key, JSON.stringify({ at: Date.now(), values: values }));
      }
    }
    form.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(save, 400);
    });
    form.addEventListener("change", save);
    form.addEventListener("submit", save);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var store = storage();
    document.querySelectorAll("[data-draft-clear]").forEach(function (element) {
      if (store) { store.removeItem(PREFIX + element.getAttribute("data-draft-clear")); }
    });
    document.querySelectorAll("form[data-draft-key]").forEach(keep);
  });
})();
