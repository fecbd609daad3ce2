// The organisation import's waiting page: while the worker checks (or writes) the uploaded
// file, ask every second whether it is done, then load the page again: it is the preview
// now (or the list saying what was imported). Without script, a <noscript> refresh reloads.
// A task no worker takes for two minutes: the page is loaded again to say so; so is one a
// worker has just taken (the page said it was queued).
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
        var stalled = document.getElementById("job-stalled");
        if (state.waiting && state.stalled && stalled && stalled.hidden) {
          window.location.reload();  // the page says the worker may not be running
        } else if (state.waiting && state.started && panel.hasAttribute("data-queued")) {
          window.location.reload();  // a worker took it: no longer "queued"
        } else if (state.waiting) {
          window.setTimeout(poll, delay);
        } else {
          window.location.reload();
        }
      })
      .catch(function () { window.setTimeout(poll, delay); });
  }

  window.setTimeout(poll, delay);
})();
