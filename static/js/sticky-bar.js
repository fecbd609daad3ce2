// The sticky bar at the screen's foot (.sticky-actions: a form's save bar, the review bar)
// never hides what the user is working on (parks review: a reviewer's 记录 sat under the
// review bar and she pressed the discard above it, taking it for the form's last button).
// - The bar's height, as laid out now (it wraps on a phone, grows with its messages), is
//   the page's scroll padding (--sticky-bar-height in app.css): what the browser scrolls
//   into view is brought above the bar, not under it.
// - A field that takes the focus is scrolled clear of the bar, and with it the buttons that
//   follow it in its form before the next field (记录, 保存本项, an element's 保存), when
//   field and buttons fit above the bar together.
// - While the focus is in a form marked [data-bar-gives-way] (a finding's form, outside the
//   bar's own), the bar leaves the screen's foot (app.css), so scrolling never covers it.
(function () {
  "use strict";
  var bar = document.querySelector(".sticky-actions");
  if (!bar) {
    return;
  }
  var root = document.documentElement;
  var GAP = 16; // pixels between what is kept in sight and the bar's top edge

  var measure = function () {
    root.style.setProperty("--sticky-bar-height", bar.offsetHeight + "px");
  };
  measure();
  if (window.ResizeObserver) {
    new window.ResizeObserver(measure).observe(bar);
  } else {
    window.addEventListener("resize", measure);
  }

  var shown = function (element) {
    return element.getClientRects().length > 0 && !element.matches(".visually-hidden");
  };

  // The buttons that follow `field` in its form up to the form's next field: the ones the
  // user presses after filling it. A link-styled button (删除 of a file) is not one of them.
  var buttonsAfter = function (field) {
    var found = [];
    var elements = field.form ? field.form.elements : [];
    var after = false;
    for (var i = 0; i < elements.length; i += 1) {
      var element = elements[i];
      if (element === field) {
        after = true;
      } else if (after && shown(element) && !bar.contains(element)) {
        if (element.type === "submit" && !element.matches(".link-button")) {
          found.push(element);
        } else if (element.matches("input, select, textarea") &&
          !(element.type === "radio" && element.name === field.name)) {
          break;
        }
      }
    }
    return found;
  };

  document.addEventListener("focusin", function (event) {
    var field = event.target;
    // Nor what holds the bar: a tap on a level's words focuses <main> (tabindex -1, the
    // skip link's target) first, and scrolling all of main clear of the bar took the page
    // to its end before the tap's click, so the level was not chosen (qa57 f).
    if (bar.contains(field) || field.contains(bar) || !field.getBoundingClientRect) {
      return;
    }
    var top = bar.getBoundingClientRect().top - GAP;
    var box = field.getBoundingClientRect();
    if (box.top >= bar.getBoundingClientRect().bottom) {
      return; // below the bar where it sits in the page (after its form): nothing covers it
    }
    var bottom = box.bottom;
    buttonsAfter(field).forEach(function (button) {
      var end = button.getBoundingClientRect().bottom;
      if (end - box.top <= top) { // field and button fit above the bar together
        bottom = Math.max(bottom, end);
      }
    });
    if (bottom > top) {
      window.scrollBy(0, bottom - top);
    }
  });
})();
