// Unsaved drafts of form[data-draft] (base.html loads this on every page; no inline script).
//
// What a user types is kept in this tab's sessionStorage (never localStorage: computers are
// shared), keyed by the user and the address the form saves to (the page's own when it names
// none), until the server confirms a save. A save that never
// arrived (the login had ended: the POST went to the login page) leaves the draft behind; when
// the page opens again and shows other values than those the user typed, a banner offers to
// restore them ("恢复未保存的输入") or to discard them. Restored input is not saved until the
// user saves the page as usual.
//
// - The draft holds `base` (the form as the page showed it) and `values` (as last typed).
//   Only fields the user changed (values differ from base) count; a field only a colleague
//   changed meanwhile is left as the page now shows it.
// - A page that confirms a save (a success message) clears the draft of the form sent, not
//   another form's on the page, never sent (offered instead); so does a page that already
//   shows everything the user typed (a refused save shown again with the input).
// - A form marked data-draft-shown is the server's answer to a save of it (a refusal shown
//   with the input as the server read it: "abc" typed, "ABC" shown, spaces trimmed): the draft
//   sent with that save is cleared even where the page words a value otherwise. A draft sent
//   earlier (the save that went to the login page) is only offered on a page opened anew.
// - The form whose save this tab sent last is remembered ("rcapp-draft-sent": its draft's key).
//   The next page opened answers that save: a success message there clears that draft even
//   when the page is another one (the return page leads to the overview), so the form, opened
//   again in a later round, offers no input saved long ago. Any other answer (the login page
//   after an expired login, a refusal, an error page) leaves the draft to be offered.
// - Hidden fields (the versions and values the page was opened with) are restored with the
//   input, so the server's check for colleagues' changes meanwhile still compares with what
//   the user saw; the CSRF token and files are never kept.
(function () {
  "use strict";

  var SENT = "rcapp-draft-sent";
  var storage = null;
  try {
    storage = window.sessionStorage;
  } catch (e) {
    storage = null; // storage refused: the page works as before, without drafts
  }
  var confirmedSave = document.querySelector(".flash-success") !== null;
  var sentKey = null; // the form whose save this page answers, if the tab sent one
  if (storage) {
    // Before anything else, on every page (the login page, a page without forms too).
    sentKey = storage.getItem(SENT);
    if (sentKey) {
      storage.removeItem(SENT);
      if (confirmedSave) {
        storage.removeItem(sentKey);
      }
    }
  }

  var forms = document.querySelectorAll("form[data-draft]");
  var user = document.body.getAttribute("data-user");
  if (!forms.length || !user || !storage) {
    return;
  }
  var keys = [];
  // After the page's own submit handlers (forms.js asks once, drops a second submit): only a
  // submit that goes is remembered.
  window.addEventListener("submit", function (event) {
    var index = Array.prototype.indexOf.call(forms, event.target);
    if (index >= 0 && !event.defaultPrevented) {
      try {
        storage.setItem(SENT, keys[index]);
      } catch (e) {
        // as in write()
      }
    }
  });
  var SKIPPED = { file: true, password: true, submit: true, button: true, reset: true, image: true };

  var controls = function (form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.name !== "csrf_token" && !SKIPPED[el.type] && el.tagName !== "BUTTON";
    });
  };

  // name -> list of values (checked boxes and radios, chosen options, text as typed)
  var snapshot = function (form, withHidden) {
    var values = {};
    controls(form).forEach(function (el) {
      if (el.type === "hidden" && !withHidden) {
        return;
      }
      var list = values[el.name] || (values[el.name] = []);
      if (el.type === "radio" || el.type === "checkbox") {
        if (el.checked) {
          list.push(el.value);
        }
      } else if (el.tagName === "SELECT" && el.multiple) {
        Array.prototype.forEach.call(el.selectedOptions, function (o) { list.push(o.value); });
      } else {
        list.push(el.value.replace(/\r\n/g, "\n"));
      }
    });
    return values;
  };

  var same = function (a, b) {
    return JSON.stringify(a || []) === JSON.stringify(b || []);
  };

  var hiddenNames = function (form) {
    var names = {};
    controls(form).forEach(function (el) {
      if (el.type === "hidden") {
        names[el.name] = true;
      }
    });
    return names;
  };

  // The fields the user changed that the page does not show as typed.
  var unsaved = function (form, draft) {
    var now = snapshot(form, false);
    return Object.keys(now).filter(function (name) {
      var typed = draft.values[name];
      return typed !== undefined && !same(typed, draft.base[name]) && !same(typed, now[name]);
    });
  };

  var fill = function (form, values, names) {
    var changed = [];
    controls(form).forEach(function (el) {
      if (names.indexOf(el.name) < 0 || values[el.name] === undefined) {
        return;
      }
      var wanted = values[el.name];
      if (el.type === "radio" || el.type === "checkbox") {
        el.checked = wanted.indexOf(el.value) >= 0;
        if (el.checked) {
          changed.push(el);
        }
      } else if (el.tagName === "SELECT" && el.multiple) {
        Array.prototype.forEach.call(el.options, function (o) { o.selected = wanted.indexOf(o.value) >= 0; });
        changed.push(el);
      } else {
        var same_named = controls(form).filter(function (other) { return other.name === el.name; });
        var value = wanted[same_named.indexOf(el)];
        el.value = value === undefined ? "" : value;
        if (el.value !== "" || el.type !== "hidden") {
          changed.push(el);
        }
      }
    });
    // Events only for what is now chosen or filled: the page's own scripts (N/A against a
    // level, the KPI table, the leave warning) follow as if the user had typed it.
    changed.forEach(function (el) {
      if (el.type === "hidden") {
        return;
      }
      if ((el.type === "radio" || el.type === "checkbox") || el.value !== "") {
        el.dispatchEvent(new Event("input", { bubbles: true }));
        el.dispatchEvent(new Event("change", { bubbles: true }));
      }
    });
  };

  // Restored input folded away is not seen (a section's answered items fold on a phone,
  // phone-folds.js): the folds around each restored field open, and the field is marked, so
  // that phone-folds.js, run after this, keeps them open.
  var unfold = function (form, names) {
    names.forEach(function (name) {
      Array.prototype.forEach.call(form.querySelectorAll('[name="' + name + '"]:not([type=hidden])'), function (el) {
        el.setAttribute("data-draft-restored", "");
        for (var fold = el.closest("details"); fold; fold = fold.parentElement.closest("details")) {
          fold.open = true;
        }
      });
    });
  };

  var banner = document.getElementById("draft-banner");

  // A read-only page (the assessment submitted or its year closed meanwhile, qa53 M2): a
  // draft cannot be saved nor restored here. It is kept, shown in the box marked as not
  // saved (_lock_notice.html) with the lines the refused save worded, until the user
  // discards it; once the assessment is returned, the page offers it as any draft.
  var lockedPanel = document.querySelector("[data-unsaved-locked]");
  var lockedArea = lockedPanel && lockedPanel.querySelector("textarea");
  var serverLines = lockedArea ? lockedArea.value.trim() : "";
  var lockedKeys = [];
  var typedLines = function (draft) {
    return Object.keys(draft.values).filter(function (name) {
      return draft.labels && draft.labels[name] && !same(draft.values[name], draft.base[name]);
    }).map(function (name) {
      return draft.labels[name] + "\uff1a" + draft.values[name].join("\u3001");
    });
  };
  var keepLocked = function (key, draft) {
    if (!draft || !draft.values || !draft.base) {
      return;
    }
    if (serverLines && draft.sent) {
      draft.unsaved = serverLines; // worded by the server for the save just refused
    }
    draft.sent = false;
    try {
      storage.setItem(key, JSON.stringify(draft));
    } catch (e) {
      // as in write()
    }
    var lines = draft.unsaved || typedLines(draft).join("\n");
    if (lines && !serverLines) {
      lockedArea.value = (lockedArea.value ? lockedArea.value + "\n" : "") + lines;
    }
    if (lines) {
      lockedKeys.push(key);
      lockedPanel.hidden = false;
    }
  };
  if (lockedArea) {
    var discard = lockedPanel.querySelector("[data-unsaved-discard]");
    discard.hidden = false;
    discard.addEventListener("click", function () {
      lockedKeys.forEach(function (key) { storage.removeItem(key); });
      lockedPanel.hidden = true;
    });
  }

  // What a field is called on the page, for the box above when the page is read-only.
  var labelOf = function (form, name) {
    var field = form.querySelector('[name="' + name + '"]');
    if (!field) {
      return null;
    }
    var label = field.id && form.querySelector('label[for="' + field.id + '"]');
    var legend = field.closest("fieldset") && field.closest("fieldset").querySelector("legend");
    var text = (label || legend || {}).textContent || field.getAttribute("aria-label") || "";
    return text.replace(/\s+/g, " ").trim() || null;
  };

  // A form marked data-draft-in-place (the review page's items and findings, qa70 M2) gets its
  // unsaved input back in place, without asking: saving one item reloads the page at that item,
  // and a notice at the top of a long page, far from the other item, was missed. Each element
  // [data-draft-unsaved=<form id>] (a 未保存 badge, a note beside the form's own save button)
  // shows while the form holds input not saved, and [data-draft-unsaved-list] (the page's
  // sticky bar) links to each such form.
  var unsavedList = document.querySelector("[data-draft-unsaved-list]");
  // The form's name in the bar; data-draft-name-item words it with the item chosen in its
  // item_id field (the findings form: 发现（MS.G3.3）).
  var draftName = function (form) {
    var worded = form.getAttribute("data-draft-name-item");
    var item = form.querySelector("[name=item_id]");
    if (worded && item && item.value) {
      return worded.replace("{item}", item.value);
    }
    return form.getAttribute("data-draft-name") || form.id;
  };
  var markUnsaved = function (form, on) {
    Array.prototype.forEach.call(
      document.querySelectorAll('[data-draft-unsaved="' + form.id + '"]'),
      function (el) { el.hidden = !on; }
    );
    var links = unsavedList && unsavedList.querySelector("[data-draft-unsaved-links]");
    if (!links) {
      return;
    }
    var link = links.querySelector('a[data-draft-for="' + form.id + '"]');
    if (on && !link) {
      link = document.createElement("a");
      link.setAttribute("data-draft-for", form.id);
      link.href = "#" + (form.getAttribute("data-draft-anchor") || form.id);
      links.appendChild(link);
    }
    if (on) {
      link.textContent = draftName(form);
    } else if (!on && link) {
      link.parentNode.removeChild(link);
    }
    unsavedList.hidden = !links.children.length;
  };

  // A save refused because the page can no longer save (save-in-place.js): pressing save
  // again brings the same refusal, so the note says the input is kept as a draft and points
  // to the refusal's link instead.
  var noteRefused = function (form, refused) {
    var note = form.querySelector("[data-draft-note-refused]");
    if (!note) {
      return;
    }
    note.hidden = !refused;
    form.querySelector("[data-draft-note-left]").hidden = refused;
    form.querySelector("[data-draft-note-sent]").hidden = true;
  };

  Array.prototype.forEach.call(forms, function (form, index) {
    // Keyed by where the form saves, not by the page's address: a refused save of another
    // form of the page answers at that form's address (the KPI page's target form answers at
    // /targets), and the KPI figures typed before it are offered there too (qa91), not only
    // once the page's own address opens again.
    var saves = new URL(form.getAttribute("action") || "", window.location.href).pathname;
    var key = "rcapp-draft:" + user + ":" + saves + ":" + (form.id || index);
    keys[index] = key;
    var base = snapshot(form, true);
    var hidden = hiddenNames(form);
    var read = function () {
      try {
        return JSON.parse(storage.getItem(key) || "null");
      } catch (e) {
        return null;
      }
    };
    var write = function (event) {
      try {
        var sent = Boolean(event && event.type === "submit");
        var values = snapshot(form, true);
        var labels = {};
        Object.keys(values).forEach(function (name) {
          if (!same(values[name], base[name]) && !hidden[name]) {
            labels[name] = labelOf(form, name);
          }
        });
        storage.setItem(
          key,
          JSON.stringify({ base: base, values: values, labels: labels, at: Date.now(), sent: sent })
        );
      } catch (e) {
        // storage full or refused: the page works as before, without a draft
      }
    };
    var clear = function () { storage.removeItem(key); };

    var draft = read();
    if (lockedArea) {
      keepLocked(key, draft);
      return;
    }
    var answered = form.hasAttribute("data-draft-shown") && draft && draft.sent;
    // A success message confirms the form sent (its draft is gone above, or marked sent): a
    // draft of another form on the page, never sent, stays to be offered (qa44 S2: the KPI
    // figures' save discarded the half-filled target form without a word).
    if (draft && ((confirmedSave && draft.sent) || answered || !draft.values || !draft.base || !unsaved(form, draft).length)) {
      clear();
      draft = null;
    }
    // Why it is offered, where known (base.html words each cause): its save was sent and no
    // confirmation came (the login had ended, an error page); another form of the page was
    // just saved without it (the KPI page's target form); else it was left unsaved.
    // A save of another form of the page sent just now and refused: "other-sent".
    var otherSent = sentKey && sentKey !== key && !confirmedSave;
    var cause = draft && (draft.sent ? "sent" : confirmedSave ? "other-saved" : otherSent ? "other-sent" : "left");
    if (draft && draft.sent) {
      draft.sent = false; // offered now; a later refused save of another form leaves it be
      try {
        storage.setItem(key, JSON.stringify(draft));
      } catch (e) {
        // as in write()
      }
    }
    var inPlace = form.hasAttribute("data-draft-in-place");
    // What the page shows, before any restore: the in-place discard puts it back.
    var shown = snapshot(form, true);
    var edited = function () {
      var now = snapshot(form, false);
      return Object.keys(now).some(function (name) { return !same(now[name], base[name]); });
    };
    // A save sent without an answer (offline, the login had ended) comes back in place too:
    // the note beside the form's button says the save did not arrive (data-draft-note-sent),
    // where a banner at the top of a long page was out of sight on a phone.
    if (draft && inPlace) {
      var restored = unsaved(form, draft);
      fill(form, draft.values, restored.concat(Object.keys(hiddenNames(form))));
      unfold(form, restored);
      base = draft.base;
      write();
      draft = null;
      var sentNote = form.querySelector("[data-draft-note-sent]");
      if (sentNote && cause === "sent") {
        sentNote.hidden = false;
        form.querySelector("[data-draft-note-left]").hidden = true;
      }
    }
    if (inPlace) {
      // On the form, not its button: a save answered in place puts new contents in the form.
      form.addEventListener("click", function (event) {
        if (!event.target.closest("[data-draft-unsaved-discard]")) {
          return;
        }
        fill(form, shown, Object.keys(shown));
        base = shown;
        clear();
        markUnsaved(form, false);
      });
      markUnsaved(form, edited());
      var follow = function () { markUnsaved(form, edited()); };
      form.addEventListener("input", follow);
      form.addEventListener("change", follow);
    }
    if (draft && banner && banner.hidden) {
      banner.hidden = false;
      Array.prototype.forEach.call(banner.querySelectorAll("[data-draft-cause]"), function (p) {
        p.hidden = p.getAttribute("data-draft-cause") !== cause;
      });
      banner.querySelector("[data-draft-restore]").addEventListener("click", function () {
        var names = unsaved(form, draft);
        var hidden = hiddenNames(form);
        fill(form, draft.values, names.concat(Object.keys(hidden)));
        unfold(form, names);
        base = draft.base;
        write();
        banner.querySelector("[data-draft-offer]").hidden = true;
        var done = banner.querySelector("[data-draft-done]");
        done.hidden = false;
        // The button pressed is hidden now: focus goes to the first restored field, described
        // by the "restored" message, or to the message itself (qa18 S5).
        if (!done.id) {
          done.id = "draft-done";
        }
        var first = Array.prototype.map.call(names, function (name) {
          return form.querySelector('[name="' + name + '"]:not([type=hidden])');
        }).filter(function (field) {
          return field && !field.disabled && field.getClientRects().length > 0;
        })[0];
        if (first && first.type === "radio") {
          first = form.querySelector('[name="' + first.name + '"]:checked') || first;
        }
        if (first) {
          var own = first.getAttribute("aria-describedby");
          first.setAttribute("aria-describedby", own ? done.id + " " + own : done.id);
          first.scrollIntoView({ block: "center" });
          first.focus({ preventScroll: true });
        } else {
          done.setAttribute("tabindex", "-1");
          done.focus();
        }
      });
      banner.querySelector("[data-draft-discard]").addEventListener("click", function () {
        clear();
        banner.hidden = true;
      });
    }
    form.addEventListener("input", write);
    form.addEventListener("change", write);
    form.addEventListener("submit", write);
    // A save answered in place (save-in-place.js): saved, what the form shows is the base and
    // the draft goes; refused, the input stays a draft, no longer one sent without an answer.
    form.addEventListener("rcapp:answered", function (event) {
      if (event.detail.saved) {
        base = snapshot(form, true);
        shown = base;
        clear();
      } else {
        write();
      }
      if (inPlace) {
        markUnsaved(form, edited());
        noteRefused(form, Boolean(event.detail.refused));
      }
    });
  });
})();
