// Evidence file inputs (assessments/_evidence.html), checked before anything is sent, so a
// file the server would refuse for its size never costs the user the page:
// - a chosen file over the per-file limit is named beside its box and taken out of the
//   choice (the rest stay chosen); where a browser cannot take one out, the box is emptied;
// - a press that would send more files than one upload may carry is stopped, with the count;
// - where the box says what one sending may weigh in all (data-max-total, the bulk upload),
//   a choice heavier than that is stopped too, before the server's 413 page.
// - where the box keeps what it took out (data-removed-into, a hidden field: a corrective
//   action's evidence file), the form's button asks (data-removed-confirm, in the page's
//   dialog: forms.js) before the form goes without the file chosen, until another file is
//   chosen (actionfix #2: a 22 MB scan taken out, the action closed with no file at all).
// Nothing typed on the page is touched. The server checks the same limits (views/evidence.py).
(function () {
  "use strict";

  var selector = "input[type=file][data-max-bytes]";
  var fill = function (template, values) {
    return template.replace(/\{(\w+)\}/g, function (whole, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? values[key] : whole;
    });
  };
  var say = function (input, text) {
    var box = document.getElementById(input.getAttribute("data-problem"));
    if (box) {
      box.textContent = text;
      box.hidden = !text;
    }
  };
  // The server's refusal under the box (macros/files.html file_field) names a file sent
  // before: once another is chosen it no longer applies, and left in sight it read as a
  // refusal of the new one (qa90 #4: "签字表.exe 的类型不允许" under a good PDF).
  var forgetRefusal = function (input) {
    var refusal = document.getElementById(input.id + "-error");
    if (refusal) {
      refusal.hidden = true;
    }
    input.removeAttribute("aria-invalid");
    var field = input.closest(".field");
    if (field) {
      field.classList.remove("has-error");
    }
  };
  var filesOf = function (input) {
    return Array.prototype.slice.call(input.files || []);
  };
  var tooLarge = function (input) {
    var limit = Number(input.getAttribute("data-max-bytes"));
    return filesOf(input).filter(function (file) { return file.size > limit; });
  };
  // Keep only the files that fit; false when this browser cannot rebuild a file list.
  var keepFitting = function (input, refused) {
    try {
      var kept = new DataTransfer();
      filesOf(input).forEach(function (file) {
        if (refused.indexOf(file) < 0) {
          kept.items.add(file);
        }
      });
      input.files = kept.files;
      return input.files.length === kept.files.length;
    } catch (error) {
      return false;
    }
  };
  var chosenOnForm = function (form) {
    var count = 0;
    form.querySelectorAll(selector).forEach(function (input) { count += filesOf(input).length; });
    return count;
  };
  var tooMany = function (input) {
    var count = chosenOnForm(input.form);
    if (count > Number(input.getAttribute("data-max-files"))) {
      return fill(input.getAttribute("data-too-many"), { count: String(count) });
    }
    return "";
  };
  var tooHeavy = function (input) {
    var total = Number(input.getAttribute("data-max-total"));
    if (!total) {
      return "";
    }
    var sum = 0;
    filesOf(input).forEach(function (file) { sum += file.size; });
    return sum > total ? input.getAttribute("data-too-heavy") : "";
  };
  // The name of a file taken out, kept where the box says (data-removed-into); the form's
  // submit buttons ask before it goes without a file (forms.js reads data-confirm).
  var removedBox = function (input) {
    var id = input.getAttribute("data-removed-into");
    return id ? document.getElementById(id) : null;
  };
  var askIfRemoved = function (input) {
    var box = removedBox(input);
    if (!box || !input.form) {
      return;
    }
    var question = box.value && !filesOf(input).length
      ? fill(input.getAttribute("data-removed-confirm"), { name: box.value }) : "";
    input.form.querySelectorAll("button[type=submit]").forEach(function (button) {
      if (question) {
        button.setAttribute("data-confirm", question);
      } else {
        button.removeAttribute("data-confirm");
      }
    });
  };
  var noteRemoved = function (input, refused) {
    var box = removedBox(input);
    if (!box) {
      return;
    }
    if (refused.length) {
      box.value = refused.map(function (file) { return file.name; }).join(", ");
    } else if (filesOf(input).length) {
      box.value = "";  // another file chosen, which goes
    }
    askIfRemoved(input);
  };

  // Check one box after a choice; returns the message shown ("" when all is well).
  var check = function (input) {
    var refused = tooLarge(input);
    var messages = [];
    if (refused.length) {
      var taken = keepFitting(input, refused);
      if (!taken) {
        input.value = "";
      }
      var template = input.getAttribute(taken ? "data-too-large" : "data-choose-again");
      refused.forEach(function (file) { messages.push(fill(template, { name: file.name })); });
    }
    noteRemoved(input, refused);
    var many = tooMany(input) || tooHeavy(input);
    if (many) {
      messages.push(many);
    }
    say(input, messages.join(" "));
    return messages.join(" ");
  };

  // The chosen files' names in the page's language, beside the face over which the input
  // lies (qa57 c); "file-pick-ready" shows the face and hides the browser's own words.
  var nameChosen = function (input) {
    var names = document.getElementById(input.id + "-chosen");
    if (!names) {
      return;
    }
    var chosen = filesOf(input).map(function (file) { return file.name; });
    names.textContent = chosen.length === 0 ? names.getAttribute("data-none")
      : chosen.length === 1 ? chosen[0]
      : fill(names.getAttribute("data-many"), {
        count: String(chosen.length), names: chosen.join(names.getAttribute("data-joiner")),
      });
  };

  document.querySelectorAll(selector).forEach(function (input) {
    var pick = input.closest(".file-pick");
    if (pick) {
      pick.classList.add("file-pick-ready");
      nameChosen(input);  // a file kept by the browser on going back
    }
    askIfRemoved(input);  // a refused form come back with a file taken out, or one kept
    input.addEventListener("change", function () {
      forgetRefusal(input);
      check(input);
      nameChosen(input);
    });
  });

  // On the form itself, so it runs before forms.js disables the buttons on document.
  var forms = [];
  document.querySelectorAll(selector).forEach(function (input) {
    if (input.form && forms.indexOf(input.form) < 0) {
      forms.push(input.form);
    }
  });
  forms.forEach(function (form) {
    form.addEventListener("submit", function (event) {
      var stopAt = null;
      form.querySelectorAll(selector).forEach(function (input) {
        if (!filesOf(input).length) {
          return;
        }
        // A file too large here was not caught when chosen: stop, so the message is seen.
        var refused = tooLarge(input).length > 0;
        check(input);
        if ((refused || tooMany(input) || tooHeavy(input)) && !stopAt) {
          stopAt = input;
        }
      });
      if (stopAt) {
        event.preventDefault();
        stopAt.focus();
      }
    });
  });
})();
