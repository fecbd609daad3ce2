// The result page's long parts on a phone (qa57 b): folds marked data-phone-fold are open
// in the markup, for a desktop and for a browser without JavaScript, and start closed on a
// narrow screen. A link into a fold (#section-C1, #kpi-ladder-title …) opens the folds
// around its target, on arrival and on a later jump within the page. A section page's
// answered items fold the same way (phonefix 3), but for the one a save returns to.
(function () {
  "use strict";
  var narrow = window.matchMedia && window.matchMedia("(max-width: 40rem), (max-height: 30rem)").matches;
  var openAround = function (target) {
    for (var fold = target.closest("details"); fold; fold = fold.parentElement.closest("details")) {
      fold.open = true;
    }
  };
  var openTo = function () {
    var id = window.location.hash.slice(1);
    var target = id ? document.getElementById(decodeURIComponent(id)) : null;
    if (!target) {
      return;
    }
    openAround(target);
    // The folds closed above it moved it: bring it back into view.
    target.scrollIntoView();
  };
  // A section page's answered items (phonefix 3) fold too: the one a save returns to
  // (form[data-return-to], forms.js focuses it), any field marked wrong and any field an
  // unsaved draft was restored into (drafts.js) stay open.
  var keepOpen = function () {
    var back = document.querySelector("form[data-return-to]");
    var returned = back && document.getElementById(back.getAttribute("data-return-to"));
    if (returned) {
      openAround(returned);
    }
    document.querySelectorAll("[aria-invalid=true], .upload-refused, [data-draft-restored]").forEach(openAround);
  };
  if (narrow) {
    document.querySelectorAll("details[data-phone-fold]").forEach(function (fold) {
      fold.open = false;
    });
  }
  keepOpen();
  openTo();
  window.addEventListener("hashchange", openTo);
})();
