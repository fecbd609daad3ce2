// Form helpers for every page (base.html); loaded as a file so the CSP needs no inline script.
// - [data-confirm] buttons ask before an irreversible action (submit, delete evidence).
// - form[data-guard] warns before leaving the page with unsaved changes.
// - [data-na-group]: ticking "not applicable" clears the level/number, choosing one unticks N/A.
// - after a refused save, the first message is scrolled into view and its field focused.
// - a field reached by Tab is scrolled clear of the sticky save bar, not left under it.
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.getAttribute("data-confirm"))) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  document.querySelectorAll("form[data-guard]").forEach(function (form) {
    var dirty = false;
    var submitting = false;
    var mark = function () { dirty = true; };
    form.addEventListener("input", mark);
    form.addEventListener("change", mark);
    form.addEventListener("submit", function () { submitting = true; });
    window.addEventListener("beforeunload", function (event) {
      if (dirty && !submitting) {
        event.preventDefault();
        event.returnValue = form.getAttribute("data-guard");
        return event.returnValue;
      }
      return undefined;
    });
  });

  document.querySelectorAll("[data-na-group]").forEach(function (group) {
    var na = group.querySelector("[data-na-switch] input[type=checkbox]");
    var answer = group.querySelector("[data-na-answer]");
    if (!na || !answer) {
      return;
    }
    na.addEventListener("change", function () {
      if (!na.checked) {
        return;
      }
      answer.querySelectorAll("input").forEach(function (input) {
        if (input.type === "radio") {
          input.checked = false;
        } else {
          input.value = "";
        }
      });
    });
    answer.addEventListener("input", function () { na.checked = false; });
    answer.addEventListener("change", function () { na.checked = false; });
  });

  var bar = document.querySelector(".sticky-actions");
  if (bar) {
    document.addEventListener("focusin", function (event) {
      if (bar.contains(event.target)) {
        return;
      }
      var field = event.target.getBoundingClientRect();
      var stuck = bar.getBoundingClientRect();
      if (field.bottom > stuck.top && field.top < stuck.bottom) {
        window.scrollBy(0, field.bottom - stuck.top + 16);
      }
    });
  }

  var firstError = document.querySelector(".has-error");
  if (firstError && !window.location.hash) {
    firstError.scrollIntoView({ block: "center" });
    var control = firstError.querySelector("input, textarea, select");
    if (control) {
      control.focus({ preventScroll: true });
    }
  }
})();
