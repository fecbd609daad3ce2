// KPI table: redraw the change column and the computed rates while the user types (the
// server writes them, see redraw) and check the typed figures. The shares' and zero checks'
// formulas come from the rubric; they are parsed here by a tiny arithmetic parser
// (numbers, input names, + - * / and brackets), never evaluated as code.
(function () {
  "use strict";

  var form = document.querySelector("form[data-kpi-table]");
  // A read-only page (submitted, returned to no one) has nothing to type: its figures,
  // computed on the server, stay as they are (qa14 D5).
  if (!form || !form.querySelector("[data-input]")) {
    return;
  }

  // The server's reading of a typed number (validation.parse_decimal): full-width forms
  // as ASCII, spaces dropped, "," only between groups of three, ASCII digits only.
  function plainText(text) {
    return String(text).replace(/[\uff01-\uff5e]/g, function (c) {
      return String.fromCharCode(c.charCodeAt(0) - 0xfee0);
    }).replace(/\u2212/g, "-").replace(/\s/g, "");
  }

  // {empty: true}, {unreadable: true} or {number: n, places: decimals kept}.
  function parseTyped(text) {
    var cleaned = text === null || text === undefined ? "" : plainText(text);
    if (cleaned === "") {
      return {empty: true};
    }
    if (cleaned.indexOf(",") >= 0) {
      if (!/^[-+]?\d{1,3}(,\d{3})+(\.\d*)?$/.test(cleaned)) {
        return {unreadable: true};
      }
      cleaned = cleaned.replace(/,/g, "");
    }
    var parts = /^[-+]?(\d+\.?(\d*)|\.(\d+))([eE][-+]?\d+)?$/.exec(cleaned);
    if (!parts) {
      return {unreadable: true};
    }
    var decimals = (parts[2] || parts[3] || "").replace(/0+$/, "");
    return {number: Number(cleaned), places: parts[4] ? 0 : decimals.length};
  }

  function readNumber(text) {
    var typed = parseTyped(text);
    return typed.number === undefined ? null : typed.number;
  }

  // Values at or beyond the database's limit are refused on saving: no change shown.
  var LIMIT = 1e14;

  function typedValue(text) {
    var number = readNumber(text);
    return number === null || Math.abs(number) >= LIMIT ? null : number;
  }

  function tokenize(text) {
    return text.match(/\d+\.?\d*|\.\d+|[A-Za-z_][A-Za-z0-9_.]*|[-+*\/()]/g) || [];
  }

  // expr := term (('+'|'-') term)* ; term := factor (('*'|'/') factor)* ;
  // factor := number | name | '(' expr ')' | '-' factor. null propagates (missing input);
  // a division by zero of known inputs gives NaN (not computable), which a missing input
  // overrides, as the server's this_uncomputable (every input there, no value).
  function evaluate(formula, inputs) {
    var tokens = tokenize(formula);
    var at = 0;
    function factor() {
      var token = tokens[at++];
      if (token === "(") {
        var inner = expr();
        at++;
        return inner;
      }
      if (token === "-") {
        var negated = factor();
        return negated === null ? null : -negated;
      }
      if (/^[\d.]/.test(token)) {
        return Number(token);
      }
      var value = inputs[token];
      return value === undefined ? null : value;
    }
    function term() {
      var left = factor();
      while (tokens[at] === "*" || tokens[at] === "/") {
        var op = tokens[at++];
        var right = factor();
        if (left === null || right === null) {
          left = null;
        } else if (op === "*") {
          left = left * right;
        } else {
          left = right === 0 ? NaN : left / right;
        }
      }
      return left;
    }
    function expr() {
      var left = term();
      while (tokens[at] === "+" || tokens[at] === "-") {
        var op = tokens[at++];
        var right = term();
        left = left === null || right === null ? null : (op === "+" ? left + right : left - right);
      }
      return left;
    }
    return expr();
  }

  // A figure to read as the server writes it (rcapp.figures: 12.5, 1,200,000): thousands
  // separators, never 1e+21 notation.
  function format(number, places, fixed) {
    if (number === null || !isFinite(number)) {
      return "\u2014";
    }
    return number.toLocaleString("en-US", {
      useGrouping: true, minimumFractionDigits: fixed || 0, maximumFractionDigits: places
    });
  }

  // The change column and the computed rates are written by the server (views/kpi_redraw.py,
  // scoring.kpi_text): a rate reads as on the result page, with its KPI's decimals; the
  // script rounds nothing itself. Only the latest answer is drawn (typing is faster).
  var figuresUrl = form.getAttribute("data-figures-url");
  // What the server refuses that the script cannot check (kpi_redraw.SERVER_ONLY: a park's
  // resident count below the residents registered in rcapp), in saving's words, by input;
  // from its latest answer.
  var serverRefused = {};
  var asked = 0;
  var redrawTimer = null;
  // One request once typing pauses for a moment, not one a keystroke.
  function redraw(inputs) {
    if (!figuresUrl) {
      return;
    }
    clearTimeout(redrawTimer);
    redrawTimer = setTimeout(function () { ask(inputs); }, 150);
  }

  // The figures each input's change column was last written for (the page's, then each
  // answer's): while the typed figure differs, the change shown is an earlier figure's, so
  // it is greyed and said so until the server's answer comes (a slow answer showed the
  // saved value's change beside a newly typed one, with no word that it was not updated).
  var drawnFor = {};

  function markPending(values) {
    if (!figuresUrl) {
      return;
    }
    form.querySelectorAll("[data-pending-basis]").forEach(function (note) {
      var name = note.getAttribute("data-pending-basis");
      var cell = form.querySelector("[data-change-for='" + name + "']");
      var refusedNote = form.querySelector("[data-refused-basis='" + name + "']");
      var pending = name in drawnFor && drawnFor[name] !== values[name] &&
        !(refusedNote && !refusedNote.hidden);
      note.hidden = !pending;
      if (cell) {
        cell.classList.toggle("muted", pending);
      }
    });
  }

  function ask(inputs) {
    var query = new URLSearchParams();
    Object.keys(inputs).forEach(function (name) {
      if (typeof inputs[name] === "number") {
        query.append(name, String(inputs[name]));
      }
    });
    var asking = ++asked;
    fetch(figuresUrl + "?" + query.toString(), {headers: {Accept: "application/json"}})
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (figures) {
        if (figures && asking === asked) {
          drawnFor = Object.assign({}, inputs);
          draw(figures);
          markPending(reading().values);
        }
      })
      .catch(function () { /* offline: the figures stay as they were; saving still checks */ });
  }

  function draw(figures) {
    serverRefused = figures.refused || {};
    markRefused(reading().refused);
    liveCheck();
    Object.keys(figures.changes).forEach(function (name) {
      var cell = form.querySelector("[data-change-for='" + name + "']");
      if (cell) {
        cell.textContent = figures.changes[name];
      }
    });
    form.querySelectorAll("output[data-formula]").forEach(function (output, at) {
      var rate = figures.rates[at];
      if (!rate) {
        return;
      }
      output.textContent = rate.uncomputable ? output.getAttribute("data-uncomputable") : rate.text;
      output.classList.toggle("muted", rate.uncomputable);
      var row = output.closest("tr");
      var cell = row && row.querySelector("[data-rate-change]");
      if (cell) {
        cell.textContent = rate.change;
      }
    });
  }

  // "not saved: the change is the stored value's" stands while the input is refused, here or
  // by the server, in the server's words (qa62 1: a refused 1.5 showed its own change)
  function markRefused(refused) {
    form.querySelectorAll("[data-input]").forEach(function (input) {
      var name = input.getAttribute("data-input");
      var basis = form.querySelector("[data-refused-basis='" + name + "']");
      if (basis) {
        basis.hidden = !refused[name] && !serverRefused[name];
      }
    });
  }

  function update() {
    var read = reading();
    markRefused(read.refused);
    markPending(read.values);
    redraw(read.values);
  }

  // Live checks: the server words them (kpi_live.py) and checks again on saving.
  var checksScript = document.getElementById("kpi-live-checks");
  var checks = checksScript ? JSON.parse(checksScript.textContent) : {inputs: {}, shares: []};
  checks.hours = checks.hours || [];
  var refusal = checks.refusal ||
    {none_words: [], percent_signs: [], number_signs_only: "$^", decimal_comma: "$^"};
  var signsOnly = new RegExp("^(?:" + refusal.number_signs_only + ")$");
  var decimalComma = new RegExp("^(?:" + refusal.decimal_comma + ")$");

  // The code saving words an unreadable number with (number_words.refused_number_code): a
  // word for "none", signs only (an ambiguous number), a percent sign, or words beside it.
  function refusedCode(text) {
    var shown = String(text).split(/\s+/).filter(Boolean).join(" ");
    if (refusal.none_words.indexOf(shown) >= 0) {
      return "none_word";
    }
    if (signsOnly.test(shown.normalize("NFKC"))) {
      // "12,5", "1.234,5": a decimal comma is told how to write it
      return decimalComma.test(shown.normalize("NFKC").replace(/\s+/g, "")) ?
        "decimal_comma" : "not_a_number";
    }
    return refusal.percent_signs.some(function (sign) { return shown.indexOf(sign) >= 0; }) ?
      "percent_for_quantity" : "number_with_words";
  }

  // [kind, code] pairs for one input's typed text, as saving would find them.
  function inputProblems(text, rules) {
    var typed = parseTyped(text);
    if (typed.unreadable) {
      return [["error", refusedCode(text)]];
    }
    if (typed.empty) {
      return [];
    }
    var n = typed.number;
    if (Math.abs(n) >= Number(rules.limit)) {
      return [["error", "too_large"]];
    }
    if (typed.places > rules.places) {
      return [["error", "too_many_decimals"]];
    }
    if (n < Number(rules.min)) {
      return [["error", "below_min"]];
    }
    if (rules.max !== undefined && n > Number(rules.max)) {
      return [["error", "above_max"]];
    }
    if (rules.integer && !Number.isInteger(n)) {
      return [["error", "not_integer"]];
    }
    var found = [];
    if (rules.plausible_max !== undefined && n > Number(rules.plausible_max)) {
      found.push(["warning", "implausible_max"]);
    }
    // validation.implausible_jump: never against 0, nor between small counts (qa14 S3)
    var last = rules.last === undefined ? null : Number(rules.last);
    var jump = Number(rules.jump);
    var small = rules.small === undefined ? null : Number(rules.small);
    var smallCounts = small !== null && n < small && last < small;
    if (last !== null && last > 0 && n > 0 && !smallCounts && (n > last * jump || n * jump < last)) {
      found.push(["warning", "implausible_jump"]);
    }
    return found;
  }

  // A core input at 0 (zero_doubts.py, rules worded in kpi_live.py): the first of its core
  // KPIs that has a figure decides. Typed down from last year's figure: said; beside a
  // non-zero output making a resources or environment KPI 0: said, naming that output.
  function zeroWarning(name, rules, inputs) {
    if (inputs[name] !== 0) {
      return null;
    }
    var zeroRules = rules.zero || [];
    for (var i = 0; i < zeroRules.length; i++) {
      var rule = zeroRules[i];
      var result = evaluate(rule.formula, inputs);
      if (result === null || isNaN(result)) {
        continue;
      }
      if (rule.code === "dropped_to_zero") {
        return rule.say;
      }
      var others = Object.keys(rule.others).filter(function (other) {
        return typeof inputs[other] === "number" && inputs[other] !== 0;
      }).map(function (other) { return rule.others[other]; });
      if (result === 0 && others.length) {
        return rule.say.replace("{others}", function () { return others.join(rule.joiner); });
      }
    }
    return null;
  }

  function changedFromStored(input, inputs) {
    var stored = readNumber(input.getAttribute("data-stored"));
    return inputs[input.getAttribute("data-input")] !== stored;
  }

  function ownErrors(input) {
    var rules = checks.inputs[input.getAttribute("data-input")];
    if (!rules || input.value === input.defaultValue) {
      return [];
    }
    return inputProblems(input.value, rules).filter(function (found) {
      return found[0] === "error";
    });
  }

  // The figures a save would leave, as the server's check_kpi_inputs reads them: an input
  // refused counts with its stored value (shown_figure), and so the change beside it and the
  // rates are the stored value's (qa62 1). Refused: an error of its own typed here, a refusal
  // by the server shown again until edited, or its part in a share a typed value takes over
  // the limit (the shares are all checked against the same figures, as _shares_over_limit).
  // An input rcapp computes (a park's three-star residents) counts with rcapp's figure,
  // whatever is typed, as on the server (qa17 D2).
  function reading() {
    var found = {};
    var refused = {};
    form.querySelectorAll("[data-input]").forEach(function (input) {
      var name = input.getAttribute("data-input");
      if (input.hasAttribute("data-computed")) {
        found[name] = readNumber(input.getAttribute("data-computed"));
        return;
      }
      var unedited = input.value === input.defaultValue;
      refused[name] = (unedited && input.getAttribute("aria-invalid") === "true") ||
        ownErrors(input).length > 0;
      found[name] = typedValue(refused[name] ? input.getAttribute("data-stored") : input.value);
    });
    var shareSaid = {};
    var overLimit = [];
    checks.shares.forEach(function (share) {
      var result = evaluate(share.formula, found);
      if (result === null || isNaN(result) || result <= Number(share.limit)) {
        return;
      }
      Object.keys(share.say).forEach(function (name) {
        var input = form.querySelector("[data-input='" + name + "']");
        if (input && changedFromStored(input, found)) {
          overLimit.push(input);
          (shareSaid[name] = shareSaid[name] || []).push(
            share.say[name].replace("{value}", function () { return format(result, 2); }));
        }
      });
    });
    overLimit.forEach(function (input) {
      var name = input.getAttribute("data-input");
      refused[name] = true;
      found[name] = typedValue(input.getAttribute("data-stored"));
    });
    return {values: found, refused: refused, shareSaid: shareSaid};
  }

  function liveCheck() {
    var read = reading();
    var inputs = read.values;
    var shareSaid = read.shareSaid;
    // Hours worked per person above a year's hours: a warning, saved all the same.
    var hoursSaid = {};
    checks.hours.forEach(function (pair) {
      var hours = inputs[pair.hours];
      var headcount = inputs[pair.headcount];
      if (typeof hours !== "number" || typeof headcount !== "number" || !(headcount > 0)) {
        return;
      }
      var perPerson = hours / headcount;
      if (!(perPerson > Number(pair.limit))) {
        return;
      }
      Object.keys(pair.say).forEach(function (name) {
        var input = form.querySelector("[data-input='" + name + "']");
        if (input && changedFromStored(input, inputs)) {
          (hoursSaid[name] = hoursSaid[name] || []).push(
            pair.say[name].replace("{value}", function () { return format(perPerson, 0); }));
        }
      });
    });
    form.querySelectorAll("[data-input]").forEach(function (input) {
      var name = input.getAttribute("data-input");
      var rules = checks.inputs[name];
      var box = document.getElementById(input.id + "-live");
      if (!rules || !box) {
        return;
      }
      var edited = input.value !== input.defaultValue;
      var said = [];
      if (edited) {
        inputProblems(input.value, rules).forEach(function (found) {
          var typedText = input.value.trim();
          said.push([found[0], rules.say[found[1]].replace("{text}", function () {
            return typedText;
          })]);
        });
        var zero = zeroWarning(name, rules, inputs);
        if (zero) {
          said.push(["warning", zero]);
        }
      }
      (shareSaid[name] || []).forEach(function (text) {
        said.push(["error", text]);
      });
      if (serverRefused[name]) {
        said.push(["error", serverRefused[name]]);
      }
      (hoursSaid[name] || []).forEach(function (text) {
        said.push(["warning", text]);
      });
      // What saving said about an earlier value no longer stands once the value is edited.
      var cell = input.closest("td");
      cell.querySelectorAll(":scope > .field-error, :scope > .warning-text").forEach(function (p) {
        p.hidden = edited;
      });
      var shown = said.map(function (s) { return s.join("\u0000"); }).join("\u0001");
      if (box.getAttribute("data-shown") === shown) {
        return;  // unchanged: a screen reader hears each message once
      }
      box.setAttribute("data-shown", shown);
      box.replaceChildren();
      said.forEach(function (s) {
        var line = document.createElement("p");
        line.className = s[0] === "error" ? "field-error" : "warning-text";
        line.textContent = s[1];
        box.appendChild(line);
      });
    });
  }

  // A field's checks are shown while typing but said once: by one polite region, after a
  // pause of a second or when the field is left. Each box was its own live region and
  // announced warnings from a half-typed number, ten times for three keys (QA39 S8).
  var sayBox = document.getElementById("kpi-live-say");
  var sayTimer = null;
  function sayChecks(input) {
    clearTimeout(sayTimer);
    var box = input && input.id ? document.getElementById(input.id + "-live") : null;
    if (!sayBox || !box) {
      return;
    }
    var text = box.textContent.trim();
    var said = input.id + "\u0000" + text;
    if (sayBox.getAttribute("data-said") === said) {
      return;
    }
    sayBox.setAttribute("data-said", said);
    sayBox.textContent = text;
  }

  form.addEventListener("input", function (event) {
    update();
    liveCheck();
    var input = event.target;
    clearTimeout(sayTimer);
    sayTimer = setTimeout(function () { sayChecks(input); }, 1000);
  });
  form.addEventListener("change", function (event) {
    sayChecks(event.target);
  });
  drawnFor = Object.assign({}, reading().values);  // the page's own changes
  update();
})();
