// Events form: show the grading rule of the chosen event type only (the page lists every
// rule, each labelled by its kind of event, for browsers without script).
(function () {
  "use strict";

  var type = document.querySelector("select[name=event_type]");
  if (!type) {
    return;
  }
  var rules = document.querySelectorAll("[data-grade-help]");
  var ungraded = document.querySelector("[data-grade-help-ungraded]");

  function update() {
    var chosen = type.value;
    var graded = ungraded ? ungraded.getAttribute("data-graded").split(" ") : [];
    rules.forEach(function (rule) {
      var ids = rule.getAttribute("data-grade-help").split(" ");
      rule.hidden = chosen !== "" && ids.indexOf(chosen) === -1;
    });
    if (ungraded) {
      ungraded.hidden = chosen !== "" && graded.indexOf(chosen) !== -1;
    }
  }

  type.addEventListener("change", update);
  update();
})();
