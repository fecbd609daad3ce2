// The review bar's "next undecided sampled item" follows the reader (qa70 last stop): the
// first undecided sampled item below the top of the screen, else the first one (wrap
// around). Kept up as she scrolls, when a save brings the page back at the item it
// decided, and when an item is saved in place. Without this script the server's link leads
// to the first undecided item.
(function () {
  "use strict";
  var link = document.querySelector("[data-next-undecided]");
  if (!link) {
    return;
  }
  var idText = link.querySelector("[data-next-undecided-id]");
  var pending = false;

  var nextItem = function () {
    var items = document.querySelectorAll(".review-item[data-open-sampled]");
    if (!items.length) {
      return null;
    }
    for (var i = 0; i < items.length; i += 1) {
      // More than a pixel below the screen's top: the item the link just led to sits at
      // the top and is where she is, not what comes next.
      if (items[i].getBoundingClientRect().top > 1) {
        return items[i];
      }
    }
    return items[0];
  };

  var update = function () {
    pending = false;
    var item = nextItem();
    if (!item) {
      return;
    }
    link.setAttribute("href", "#" + item.id);
    if (idText) {
      idText.textContent = " " + item.id.replace(/^item-/, "");
    }
  };

  var soon = function () {
    if (!pending) {
      pending = true;
      window.requestAnimationFrame(update);
    }
  };

  window.addEventListener("scroll", soon, { passive: true });
  window.addEventListener("resize", soon);
  window.addEventListener("hashchange", soon);
  window.addEventListener("load", soon);
  document.addEventListener("rcapp:answered", soon); // an item saved in place (save-in-place.js)
  update();
})();

// An item's "记录发现" link chooses the item in the findings form and goes to it, without a
// reload: input typed on other items stays where it is. Without this script the link reloads
// the page with the item chosen by the server (?finding_item=…#finding-form).
(function () {
  "use strict";
  var form = document.getElementById("finding-form");
  var select = form && form.querySelector("select[name=item_id]");
  if (!select) {
    return;
  }
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-finding-item]");
    if (!link) {
      return;
    }
    event.preventDefault();
    select.value = link.getAttribute("data-finding-item");
    // No change event: only what he then types makes it unsaved input (drafts.js).
    form.scrollIntoView({ block: "start" });
    var text = form.querySelector("textarea");
    (text || select).focus({ preventScroll: true });
  });
})();
