// The result page's long parts on a phone (qa57 b): folds marked data-phone-fold are open
// in the markup, for a desktop and for a browser without JavaScript, and start closed on a
// narrow screen. A link into a fold (#section-C1, #kpi-ladder-title …) opens the folds
// around its target, on arrival and on a later jump within the page.
(function () {
  "use strict";
  var narrow = window.matchMedia && window.matchMedia("(max-width: 40rem), (max-height: 30rem)").matches;
  var openTo = function () {
    var id = window.location.hash.slice(1);
    var target = id ? document.getElementById(decodeURIComponent(id)) : null;
    if (!target) {
      return;
    }
    for (var fold = target.closest("details"); fold; fold = fold.parentElement.closest("details")) {
      fold.open = true;
    }
    // The folds closed above it moved it: bring it back into view.
    target.scrollIntoView();
  };
  if (narrow) {
    document.querySelectorAll("details[data-phone-fold]").forEach(function (fold) {
      fold.open = false;
    });
  }
  openTo();
  window.addEventListener("hashchange", openTo);
})();
