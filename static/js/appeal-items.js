// The appeal form's disputed items (reviews/_appeal_items.html): a search box above the
// folded sections shows only the items whose id or wording holds what is typed, opens the
// sections that have any and says when none has. Emptied, every item and fold is as before.
// Without script the folds alone are there; nothing is lost.
(function () {
  "use strict";

  var box = document.querySelector("[data-appeal-item-search]");
  var picker = document.getElementById("appeal-items");
  if (!box || !picker) {
    return;
  }
  var none = picker.querySelector("[data-appeal-item-none]");
  var groups = Array.prototype.slice.call(picker.querySelectorAll("details.appeal-item-group"));
  var opened = null; // the folds as they were when the search began, given back after
  box.hidden = false;

  function filter() {
    var typed = box.querySelector("input").value.trim().toLowerCase();
    var found = 0;
    var before = opened;
    if (typed && opened === null) {
      opened = groups.map(function (g) {
        return g.open;
      });
    } else if (!typed) {
      opened = null;
    }
    groups.forEach(function (group, i) {
      var shown = 0;
      group.querySelectorAll("label.level-choice").forEach(function (label) {
        var match = !typed || label.textContent.toLowerCase().indexOf(typed) !== -1;
        label.style.display = match ? "" : "none";
        shown += match ? 1 : 0;
      });
      group.style.display = shown ? "" : "none";
      if (typed) {
        group.open = shown > 0;
      } else if (before !== null) {
        group.open = before[i] || group.querySelector("input:checked") !== null;
      }
      found += shown;
    });
    if (none) {
      none.hidden = found > 0;
    }
  }

  box.querySelector("input").addEventListener("input", filter);
})();
