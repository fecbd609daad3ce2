// Form helpers for every page (base.html); loaded as a file so the CSP needs no inline script.
// - body[data-page-url]: after a refused save the address becomes the page's own (no resubmit on reload).
// - [data-confirm] buttons ask before an irreversible action (submit, delete evidence), once
//   for a double click, in the page's own dialog (base.html #confirm-dialog): its buttons in
//   the page's language, a paragraph per line of the question, Esc cancels; with
//   [data-confirm-check] they ask the server first (submit_check); a destructive one
//   ([data-confirm-destructive]) names its action on the yes, and starts on 取消.
// - form[data-guard] warns before leaving the page with unsaved changes.
// - [data-na-group]: ticking "not applicable" clears the level/number, choosing one unticks N/A;
//   its reason box ([data-na-reason]) shows only with N/A ticked, unless it holds text (a
//   reason without N/A is refused on saving: it stays in sight until the user decides).
// - after a refused save, the first message is scrolled into view and its field focused (a
//   radio group's chosen radio), whatever the address's fragment; the focused field or
//   heading is described by the page's flashes, which a screen reader does not read at load.
// - a page saved by a button for the whole page (Enter, the bottom button) comes back at the
//   item last changed; the page comes back focused on the item the address names (#item-…),
//   a refused upload, or the item the page was saved from (form[data-return-to]); at the
//   page's end (#section-end), on the link to the next section. A save re-rendered in place
//   goes by its form's data-return-to, not the fragment the address had before the save.
// - a refusal rendered at load ([data-refusal]: an error flash) with no field to fix
//   takes the focus, as a screen reader does not read it out.
// - a submitted form's buttons are disabled, so a double click sends one request: until the
//   page is shown again (or a save in place is answered, "rcapp:answered"); a GET form's (a
//   search, a file to download leaves the page in place) for some seconds.
// - a download link that takes seconds (a[data-busy]: the scorecard PDF) says so at once
//   (the nearest .busy-status) and ignores further clicks until the download can have begun.
// - a paste cut at a field's maxlength is said beside the field ([data-cut-note]).
(function () {
  "use strict";

  // A paste longer than a field's maxlength is cut by the browser without a word: the
  // field's note ([data-cut-note], render_field's `limit`) says so, until the text fits.
  document.addEventListener("paste", function (event) {
    var field = event.target;
    if (!field || !field.id || !field.hasAttribute || !field.hasAttribute("maxlength")) {
      return;
    }
    var note = document.getElementById(field.id + "-cut");
    var pasted = event.clipboardData ? event.clipboardData.getData("text") : "";
    if (!note || !pasted) {
      return;
    }
    var kept = field.value.length - ((field.selectionEnd || 0) - (field.selectionStart || 0));
    if (kept + pasted.length > Number(field.getAttribute("maxlength"))) {
      note.textContent = note.getAttribute("data-cut-note");
      note.hidden = false;
    }
  }, true);
  document.addEventListener("input", function (event) {
    var field = event.target;
    var note = field && field.id ? document.getElementById(field.id + "-cut") : null;
    if (note && !note.hidden && field.value.length < Number(field.getAttribute("maxlength"))) {
      note.hidden = true;
    }
  });

  // A refused save shown in reply to a POST leaves the browser on the POST's address, where a
  // reload offers to send the form again: body[data-page-url] names the page's own address,
  // put in its place before anything reads it (drafts.js keys on it), the input left in view.
  var pageUrl = document.body.getAttribute("data-page-url");
  if (pageUrl && window.history && window.history.replaceState) {
    window.history.replaceState(window.history.state, "", pageUrl);
  }

  // A double click asks once (qa41 S7): the second click, queued behind the dialog, finds
  // the form already sent, or comes within moments of the answer, and is dropped.
  var ECHO_MS = 700;
  var answered = null;
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-confirm]");
    if (!button) {
      return;
    }
    if (button === confirmed) {
      confirmed = null;  // the click the dialog's 确定 sends on: it acts as the button does
      return;
    }
    var sent = button.form && button.form.dataset.submitting;
    var echo = answered && answered.button === button && Date.now() - answered.at < ECHO_MS;
    if (sent || echo) {
      event.preventDefault();
      event.stopImmediatePropagation();
      return;
    }
    event.preventDefault();
    event.stopImmediatePropagation();
    // The browser's own check of the form comes first (a withdrawal with no reason): asking
    // "are you sure?" of a form that cannot be sent only to be told then what is missing
    // had the order backwards. A form marked novalidate is checked by the server instead:
    // sent without the question, it comes back with what is missing in the page's language
    // (qa90 #2: "只能申诉一次，确定？" asked of an appeal with no reason, then refused).
    var form = button.form;
    if (form && !button.formNoValidate && !form.checkValidity()) {
      if (form.noValidate) {
        confirmed = button;
        button.click();
      } else {
        form.reportValidity();
      }
      return;
    }
    var check = button.getAttribute("data-confirm-check");
    if (!check) {
      question(button, null);
      return;
    }
    // A page opened earlier asks the server first (qa53 M1): a submit it would refuse (the
    // deadline passed, a colleague submitted) goes without the question and is refused
    // once, with its reason; a colleague who saved just now is named in the question.
    window.fetch(check, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : {}; })
      .then(function (answer) {
        if (answer.refused) {
          confirmed = button;
          button.click();
        } else {
          question(button, answer.note);
        }
      }, function () { question(button, null); });
  }, true);

  // Ask `button`'s question, a note (the server's) before it; a yes sends the click on.
  function question(button, note) {
    if (canAsk) {
      ask(button, note);
      return;
    }
    // a browser without <dialog>: its own question, as before
    var ok = window.confirm((note ? note + "\n\n" : "") + button.getAttribute("data-confirm"));
    answered = { button: button, at: Date.now() };
    if (ok) {
      confirmed = button;
      button.click();
    }
  }

  // The page's dialog: the question's lines (\n, \n\n between paragraphs) as paragraphs.
  var dialog = document.getElementById("confirm-dialog");
  var canAsk = Boolean(dialog && typeof dialog.showModal === "function");
  var asking = null;  // the button whose question is open
  var confirmed = null;  // the button to let through once
  function ask(button, note) {
    var box = dialog.querySelector("[data-confirm-text]");
    box.replaceChildren();
    var text = (note ? note + "\n" : "") + button.getAttribute("data-confirm");
    text.split("\n").forEach(function (line) {
      if (line.trim()) {
        var paragraph = document.createElement("p");
        paragraph.textContent = line;
        box.appendChild(paragraph);
      }
    });
    asking = button;
    dialog.returnValue = "";
    dialog.showModal();
    startOn(button);
  }
  // A destructive action (data-confirm-destructive: its name, e.g. 删除) is named on the
  // dialog's yes and starts on 取消: Enter, Enter does not delete (qa59 m4).
  var okText = canAsk ? dialog.querySelector("[data-confirm-ok]").textContent : "";
  function startOn(button) {
    var ok = dialog.querySelector("[data-confirm-ok]");
    var action = button.getAttribute("data-confirm-destructive");
    ok.textContent = action || okText;
    // and looks it: red, not the green of a harmless yes (qa62 #15)
    ok.classList.toggle("danger", Boolean(action));
    ok.classList.toggle("primary", !action);
    (action ? dialog.querySelector("[data-confirm-cancel]") : ok).focus();
  }
  if (canAsk) {
    dialog.querySelector("[data-confirm-ok]").addEventListener("click", function (event) {
      // A double click's second click landing here is no answer: the question was not read.
      if (event.detail <= 1) {
        dialog.close("ok");
      }
    });
    dialog.querySelector("[data-confirm-cancel]").addEventListener("click", function () {
      dialog.close("cancel");
    });
    // Tab goes round the two buttons: showModal keeps focus off the page, but would let it
    // leave for the browser's own address bar.
    dialog.addEventListener("keydown", function (event) {
      if (event.key !== "Tab") {
        return;
      }
      var buttons = dialog.querySelectorAll("button");
      var first = buttons[0];
      var last = buttons[buttons.length - 1];
      if (event.shiftKey ? document.activeElement === first : document.activeElement === last) {
        event.preventDefault();
        (event.shiftKey ? last : first).focus();
      }
    });
    // Esc closes the dialog with no answer (returnValue ""): a cancel.
    dialog.addEventListener("close", function () {
      var button = asking;
      asking = null;
      if (!button) {
        return;
      }
      answered = { button: button, at: Date.now() };
      if (dialog.returnValue === "ok") {
        confirmed = button;
        button.click();
      } else {
        button.focus();
      }
    });
  }

  // Runs after the form's own listeners (it is on document, bubbling): a submit they
  // cancelled (validation, a declined confirm) leaves the buttons as they are.
  // A GET form may only download a file, leaving the page in place; a POST answers with a page
  // (at 200 kbit/s after more than ten seconds: a timer let a second tap send it again).
  var REENABLE_MS = 10000;
  var buttonsOf = function (form) {
    return form.querySelectorAll("button[type=submit], button:not([type]), input[type=submit]");
  };
  var release = function (form) {
    delete form.dataset.submitting;
    buttonsOf(form).forEach(function (button) {
      if (button.hasAttribute("data-disabled-by-submit")) {
        button.removeAttribute("data-disabled-by-submit");
        button.disabled = false;
      }
    });
  };
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || (form.getAttribute("method") || "").toLowerCase() === "dialog") {
      return;
    }
    if (form.dataset.submitting) {
      event.preventDefault(); // a second submit (Enter pressed twice) before the page goes
      return;
    }
    form.dataset.submitting = "1";
    // Disabled only after the browser has read the form: a disabled button's name and
    // value (e.g. action=apply) would not be sent.
    window.setTimeout(function () {
      buttonsOf(form).forEach(function (button) {
        if (!button.disabled) {
          button.setAttribute("data-disabled-by-submit", "");
          button.disabled = true;
        }
      });
    }, 0);
    if ((form.getAttribute("method") || "get").toLowerCase() === "get") {
      window.setTimeout(function () { release(form); }, REENABLE_MS);
    }
  });
  // A save answered in place (save-in-place.js): the form can be sent again.
  document.addEventListener("rcapp:answered", function (event) { release(event.target); });
  var BUSY_MS = 8000; // a download leaves the page in place: no event says it began
  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-busy]");
    if (!link || event.defaultPrevented) {
      return;
    }
    if (link.getAttribute("aria-busy") === "true") {
      event.preventDefault(); // one file at a time: a second click would build it again
      return;
    }
    var holder = link.closest("p, div, li");
    var status = holder && holder.querySelector(".busy-status");
    link.setAttribute("aria-busy", "true");
    link.classList.add("busy");
    if (status) {
      status.textContent = link.getAttribute("data-busy");
    }
    window.setTimeout(function () {
      link.removeAttribute("aria-busy");
      link.classList.remove("busy");
      if (status) {
        status.textContent = "";
      }
    }, BUSY_MS);
  });
  // Back/forward cache: the page comes back as it was left, buttons disabled.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      document.querySelectorAll("form[data-submitting]").forEach(release);
    }
  });

  document.querySelectorAll("form[data-guard]").forEach(function (form) {
    var dirty = false;
    var submitting = false;
    var mark = function () { dirty = true; };
    form.addEventListener("input", mark);
    form.addEventListener("change", mark);
    form.addEventListener("submit", function () { submitting = true; });
    form.addEventListener("rcapp:answered", function (event) {
      submitting = false; // answered in place: the page stays, with what it holds
      dirty = !event.detail.saved;
    });
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
    var reason = group.querySelector("[data-na-reason]");
    var reasonBox = reason && reason.querySelector("textarea");
    var showReason = function () {
      if (!reason) {
        return;
      }
      var typed = reasonBox ? reasonBox.value.trim() !== "" : reason.textContent.trim() !== "";
      reason.hidden = !na.checked && !typed && !reason.querySelector(".has-error, [aria-invalid=true]");
    };
    showReason();
    if (reasonBox) {
      reasonBox.addEventListener("blur", showReason);
    }
    na.addEventListener("change", function () {
      showReason();
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
    answer.addEventListener("input", function () { na.checked = false; showReason(); });
    answer.addEventListener("change", function () { na.checked = false; showReason(); });
  });

  // The item last changed, per form: a save for the whole page returns to it.
  var lastItem = new WeakMap();
  var noteItem = function (event) {
    var item = event.target.closest(".item[id], tr[id^='kpi-']");
    if (item && event.target.form) {
      lastItem.set(event.target.form, item.id);
    }
  };
  document.addEventListener("input", noteItem);
  document.addEventListener("change", noteItem);
  document.addEventListener("submit", function (event) {
    var button = event.submitter;
    var item = lastItem.get(event.target);
    // Only the whole page's buttons (their anchor is the form or its end: #section-end,
    // #kpi-end, #prerequisites-end), not an element's.
    if (item && button && button.name === "anchor" &&
        (button.value === event.target.id || /-end$/.test(button.value))) {
      button.value = item; // read by the browser after this listener: the anchor sent
    }
  }, true);

  // Flashes are in the page from its start (a role=status present at load is not read out):
  // the element focused on arrival is described by them (and by a save's confirmation at the saved
  // item, reviewer_page.flash_saved), so a screen reader reads them with it.
  var flashes = document.querySelectorAll(".flashes .flash, .flash.saved-here");
  var describeByFlashes = function (element, first) {
    if (!flashes.length) {
      return;
    }
    var ids = Array.prototype.map.call(flashes, function (flash, index) {
      if (!flash.id) {
        flash.id = "flash-" + index;
      }
      return flash.id;
    });
    var own = (element.getAttribute("aria-describedby") || "").split(/\s+/).filter(function (id) {
      return id && ids.indexOf(id) < 0;
    });
    element.setAttribute("aria-describedby", (first ? ids.concat(own) : own.concat(ids)).join(" "));
  };

  var focusOn = function (target, scroll) {
    // a KPI row (tr#kpi-…) by its header cell, the figure's name (qa59 m2)
    var within = target.matches("tr") ? "th" : "h2, h3";
    var heading = target.matches(".upload-refused, h2, h3") ? target : target.querySelector(within) || target;
    if (!heading.hasAttribute("tabindex")) {
      heading.setAttribute("tabindex", "-1");
    }
    describeByFlashes(heading, true);
    if (scroll) {
      target.scrollIntoView({ block: "center" });
    }
    heading.focus({ preventScroll: true });
  };

  var shown = function (control) {
    return !control.disabled && control.type !== "hidden" && control.getClientRects().length > 0;
  };
  // The field to fix in a box with a message: the chosen radio of a group (Space on an
  // unchosen one would change the answer), else the field marked invalid, else the first.
  var controlIn = function (box) {
    var radios = Array.prototype.filter.call(box.querySelectorAll("input[type=radio]"), shown);
    if (radios.length) {
      return radios.filter(function (radio) { return radio.checked; })[0] || radios[0];
    }
    var fields = Array.prototype.filter.call(box.querySelectorAll("input, textarea, select"), shown);
    return fields.filter(function (field) { return field.getAttribute("aria-invalid") === "true"; })[0] ||
      fields[0] || null;
  };
  var firstError = null;
  var errorControl = null;
  Array.prototype.some.call(document.querySelectorAll(".has-error"), function (box) {
    errorControl = controlIn(box);
    firstError = box;
    return errorControl !== null;
  });

  if (firstError) {
    // Whatever the address's fragment (a page saved after an upload, a review form's
    // #item-…): a refused save shows and focuses its first message's field (qa18 D2, D3).
    var toError = function () {
      firstError.scrollIntoView({ block: "center" });
      if (errorControl) {
        errorControl.focus({ preventScroll: true });
      }
    };
    if (errorControl) {
      describeByFlashes(errorControl, false);
    }
    toError();
    if (window.location.hash) {
      // The browser's own move to the fragment's target comes after this script.
      window.addEventListener("load", function () { window.setTimeout(toError, 0); });
    }
  } else {
    var refused = document.querySelector(".upload-refused");
    var named = window.location.hash &&
      document.getElementById(decodeURIComponent(window.location.hash.slice(1)));
    var back = document.querySelector("form[data-return-to]");
    var returned = back && document.getElementById(back.getAttribute("data-return-to"));
    // A save's answer re-rendered in place (form[data-return-to]) is at the address the form
    // was sent from: its fragment (the skip link's #main, an earlier upload's #item-…) is
    // not where the save was made; the answer's own anchor is (qa59 M1).
    var target = returned || named;
    if (refused) {
      afterFragment(function () { focusOn(refused, true); });
    } else if (target && target.matches(".item, h2, h3, section.panel, tr[id^='kpi-']")) {
      afterFragment(function () { focusOn(target, target === returned); });
    } else if (target && /-end$/.test(target.id) && target.querySelector("[data-next-section]")) {
      // Saved by the page's last button with nothing changed: on to the next section.
      afterFragment(function () {
        toPageEnd();
        var next = target.querySelector("[data-next-section]");
        describeByFlashes(next, true);
        next.focus();
      });
    } else if (target && target.matches(".sticky-actions")) {
      // The bottom bar is sticky: the browser's move to it lands wherever the bar is stuck,
      // mid-page (qa23 D1); its form's end is where the user pressed it (the KPI page has
      // panels after its form: the page's own end would leave the bar out of sight).
      afterFragment(function () { (target.closest("form") || target).scrollIntoView({ block: "end" }); });
    } else if (returned) {
      afterFragment(function () { focusOn(returned, true); });
    } else {
      focusRefusal();
    }
  }

  // The sticky bar's messages on a phone (qa44 D2): closed by their ×, and gone once the
  // user changes a field, when they speak of the last save; said in full at the page's top.
  var bar = document.querySelector(".sticky-actions");
  if (bar && bar.querySelector(".bar-messages")) {
    var closeBar = function () { bar.classList.add("bar-closed"); };
    var closer = bar.querySelector("[data-bar-close]");
    if (closer) {
      closer.addEventListener("click", closeBar);
    }
    var owner = bar.closest("form");
    if (owner && window.matchMedia && window.matchMedia("(max-width: 40rem), (max-height: 30rem)").matches) {
      owner.addEventListener("input", closeBar);
      owner.addEventListener("change", closeBar);
    }
  }

  // Sideways scrollers (qa44 S3/S4/S5): which edges have more beyond them (CSS fades those),
  // a note above a wide table on a narrow screen, the current page chip brought into view.
  var hintText = document.body.getAttribute("data-scroll-hint");
  var edges = function (box) {
    var more = box.scrollWidth - box.clientWidth;
    box.toggleAttribute("data-more-start", more > 1 && box.scrollLeft > 1);
    box.toggleAttribute("data-more-end", more > 1 && box.scrollLeft < more - 1);
    var note = box.previousElementSibling;
    if (note && note.classList.contains("scroll-hint")) {
      note.hidden = more <= 1;
    }
  };
  document.querySelectorAll(".table-scroll, .section-tabs").forEach(function (box) {
    if (hintText && box.classList.contains("table-scroll")) {
      var note = document.createElement("p");
      note.className = "scroll-hint";
      note.setAttribute("aria-hidden", "true");
      note.textContent = hintText;
      box.parentNode.insertBefore(note, box);
    }
    var current = box.classList.contains("section-tabs") && box.querySelector("[aria-current]");
    if (current && box.scrollWidth > box.clientWidth) {
      var start = current.getBoundingClientRect().left - box.getBoundingClientRect().left;
      box.scrollLeft = Math.max(0, box.scrollLeft + start - (box.clientWidth - current.offsetWidth) / 2);
    }
    edges(box);
    box.addEventListener("scroll", function () { edges(box); }, { passive: true });
    window.addEventListener("resize", function () { edges(box); });
  });

  // The browser's own move to the address's fragment comes after this script and takes the
  // focus away (qa59 m1): with a fragment, the focus is set again once it has moved.
  function afterFragment(act) {
    if (!window.location.hash) {
      act();
      return;
    }
    window.addEventListener("load", function () { window.setTimeout(act, 0); });
  }

  // A refusal rendered with the page (a refused submit, [data-refusal]: an error flash) is
  // not read out at load, as a role=alert added later would be: it takes the focus (qa59 M2).
  function focusRefusal() {
    var message = document.querySelector("[data-refusal]");
    if (!message) {
      return;
    }
    message.setAttribute("tabindex", "-1");
    afterFragment(function () {
      message.scrollIntoView({ block: "center" });
      message.focus({ preventScroll: true });
    });
  }

  function toPageEnd() {
    window.scrollTo(0, document.documentElement.scrollHeight);
  }
})();
