// A running report job's page follows the job without reloading itself: the page used to be
// reloaded every 3 seconds (Refresh header), which sent keyboard focus and a screen reader
// back to the top each time. Now the progress bar is updated in place, and when the job
// ends its panel and heading are replaced and the new state is announced (role=status).
// Without script the page still reloads itself (<noscript> meta refresh).
// A scorecard's page reached from its button (panel[data-start-download]) starts the download
// once the file is ready, then forgets it: a reload or going back does not download again.
(function () {
  "use strict";

  var panel = document.getElementById("job-panel");
  var announce = document.getElementById("job-announce");
  if (!panel || !announce) {
    return;
  }

  function startDownload() {
    var link = document.getElementById("job-download");
    if (!link || !panel.hasAttribute("data-start-download")) {
      return;
    }
    panel.removeAttribute("data-start-download");
    if (window.history && window.history.replaceState) {
      window.history.replaceState(window.history.state, "", link.href.replace(/\/download$/, ""));
    }
    link.click();
  }

  if (!panel.hasAttribute("data-poll") || !window.fetch) {
    startDownload();
    return;
  }
  var delay = (parseInt(panel.getAttribute("data-poll"), 10) || 3) * 1000;

  function copy(id, fresh, attribute) {
    var here = document.getElementById(id);
    var there = fresh.getElementById(id);
    if (here && there) {
      if (attribute && there.hasAttribute(attribute)) {
        here.setAttribute(attribute, there.getAttribute(attribute));
      } else if (attribute) {
        here.removeAttribute(attribute);  // an indeterminate bar has no value
      } else {
        here.textContent = there.textContent;
      }
    }
  }

  function poll() {
    fetch(window.location.href, { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html");
        var next = fresh.getElementById("job-panel");
        if (!next || next.hasAttribute("data-poll")) {
          copy("job-progress", fresh, "value");
          copy("job-percent", fresh);
          copy("job-activity", fresh);  // queued, then being generated
          var runningTitle = document.getElementById("job-title");
          var nextRunningTitle = fresh.getElementById("job-title");
          if (runningTitle && nextRunningTitle) {
            runningTitle.innerHTML = nextRunningTitle.innerHTML;
          }
          var stalled = document.getElementById("job-stalled");
          var nextStalled = fresh.getElementById("job-stalled");
          if (stalled && nextStalled) {
            stalled.innerHTML = nextStalled.innerHTML;
            stalled.hidden = nextStalled.hidden;
          }
          window.setTimeout(poll, delay);
          return;
        }
        var title = document.getElementById("job-title");
        var nextTitle = fresh.getElementById("job-title");
        if (title && nextTitle) {
          title.innerHTML = nextTitle.innerHTML;
          document.title = fresh.title;
          announce.textContent = nextTitle.textContent.replace(/\s+/g, " ").trim();
        }
        panel.innerHTML = next.innerHTML;
        panel.removeAttribute("data-poll");
        startDownload();
      })
      .catch(function () { window.setTimeout(poll, delay); });
  }

  window.setTimeout(poll, delay);
})();
