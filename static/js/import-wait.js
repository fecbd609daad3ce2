// The organisation import's waiting page: while the worker checks (or writes) the uploaded
// file, ask every second whether it is done, then load the page again: it is the preview
// now (or the list saying what was imported). Without script, a <noscript> refresh reloads.
(function () {
  "use strict";

  var panel = document.getElementById("import-wait");
  if (!panel || !window.fetch) {
    return;
  }
  var url = panel.getAttribute("data-state-url");
  var delay = (parseInt(panel.getAttribute("data-poll"), 10) || 1) * 1000;

  function poll() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : { waiting: false }; })
      .then(function (state) {
        if (state.waiting) {
          window.setTimeout(poll, delay);
        } else {
          window.location.reload();
        }
      })
      .catch(function () { window.setTimeout(poll, delay); });
  }

  window.setTimeout(poll, delay);
})();
