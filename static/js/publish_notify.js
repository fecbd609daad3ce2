// The publish question says what will happen: with "通知会员" unchecked, nobody is mailed.
// The button carries both questions (job.html); the box picks the one the dialog asks.
(function () {
  "use strict";

  var box = document.getElementById("publish-notify");
  var button = document.querySelector("#job-publish button[data-confirm-unmailed]");
  if (!box || !button) {
    return;
  }
  var mailed = button.getAttribute("data-confirm");
  var unmailed = button.getAttribute("data-confirm-unmailed");
  box.addEventListener("change", function () {
    button.setAttribute("data-confirm", box.checked ? mailed : unmailed);
  });
})();
