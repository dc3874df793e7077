// The interview page shows times in the reader's own time zone: when none was chosen
// yet, pick the browser's (if the list has it) and show the page again with it.
(function () {
  var form = document.querySelector("form[data-browser-zone]");
  // Only the page itself (never a form's answer, which holds messages to read).
  if (!form || !/\/interview$/.test(window.location.pathname)) return;
  if (new URLSearchParams(window.location.search).has("tz")) return;
  var zone;
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
  var select = form.querySelector("select[name=tz]");
  if (!zone || !select || select.value === zone) return;
  if (!Array.prototype.some.call(select.options, function (o) { return o.value === zone; })) return;
  select.value = zone;
  form.submit();
})();
