// The new-year form (cycles/form.html): under each rubric choice, show only what the selected
// version changes against the latest year's ([data-rubric-changes] blocks, one per version).
// Without script every block shows, each headed with its version.
(function () {
  "use strict";

  document.querySelectorAll("[data-rubric-changes]").forEach(function (box) {
    var select = document.getElementById(box.getAttribute("data-rubric-changes"));
    if (!select) {
      return;
    }
    function follow() {
      box.querySelectorAll("[data-rubric-value]").forEach(function (block) {
        block.hidden = block.getAttribute("data-rubric-value") !== select.value;
      });
    }
    select.addEventListener("change", follow);
    follow();
  });
})();
