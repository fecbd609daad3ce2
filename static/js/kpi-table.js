// KPI table: recompute the change column and the computed rates while the user types.
// Formulas come from the rubric (data attributes); they are parsed here by a tiny
// arithmetic parser (numbers, input names, + - * / and brackets), never evaluated as code.
(function () {
  "use strict";

  var form = document.querySelector("form[data-kpi-table]");
  if (!form) {
    return;
  }

  function readNumber(text) {
    if (text === null || text === undefined) {
      return null;
    }
    // Full-width digits and separators, as people type them with a Chinese IME.
    var cleaned = String(text).replace(/[\uff10-\uff19]/g, function (c) {
      return String.fromCharCode(c.charCodeAt(0) - 0xfee0);
    }).replace(/\uff0e/g, ".").replace(/[,\uff0c\s]/g, "");
    if (cleaned === "" || !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(cleaned)) {
      return null;
    }
    return Number(cleaned);
  }

  // Values at or beyond the database's limit are refused on saving: no change shown.
  var LIMIT = 1e14;

  // A refused value shown again (aria-invalid) counts as the stored one until it is edited:
  // the change and the rates never come from a value that was not saved.
  function inputValue(input) {
    var text = input.value;
    if (input.getAttribute("aria-invalid") === "true" && text === input.defaultValue) {
      text = input.getAttribute("data-stored");
    }
    var number = readNumber(text);
    return number === null || Math.abs(number) >= LIMIT ? null : number;
  }

  function values() {
    var found = {};
    form.querySelectorAll("[data-input]").forEach(function (input) {
      found[input.getAttribute("data-input")] = inputValue(input);
    });
    return found;
  }

  function tokenize(text) {
    return text.match(/\d+\.?\d*|\.\d+|[A-Za-z_][A-Za-z0-9_.]*|[-+*\/()]/g) || [];
  }

  // expr := term (('+'|'-') term)* ; term := factor (('*'|'/') factor)* ;
  // factor := number | name | '(' expr ')' | '-' factor. null propagates (missing input).
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
          left = right === 0 ? null : left / right;
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

  // Plain digits as the server writes them (12.5, 1200000): never 1e+21 notation.
  function format(number, places, fixed) {
    if (number === null || !isFinite(number)) {
      return "\u2014";
    }
    return number.toLocaleString("en-US", {
      useGrouping: false, minimumFractionDigits: fixed || 0, maximumFractionDigits: places
    });
  }

  function change(now, last) {
    if (now === null || last === null) {
      return "\u2014";
    }
    var delta = now - last;
    if (delta === 0) {
      return "0";
    }
    var text = (delta > 0 ? "+" : "") + format(delta, 6);
    if (last !== 0) {
      var percent = delta / last * 100;
      text += " (" + (percent >= 0 ? "+" : "") + format(percent, 1, 1) + " %)";
    }
    return text;
  }

  function update() {
    var inputs = values();
    form.querySelectorAll("[data-input]").forEach(function (input) {
      var cell = form.querySelector("[data-change-for='" + input.getAttribute("data-input") + "']");
      if (cell) {
        cell.textContent = change(inputs[input.getAttribute("data-input")],
          readNumber(input.getAttribute("data-last")));
      }
    });
    form.querySelectorAll("output[data-formula]").forEach(function (output) {
      var result = evaluate(output.getAttribute("data-formula"), inputs);
      var multiplier = Number(output.getAttribute("data-multiplier") || "1");
      var value = result === null ? null : result * multiplier;
      output.textContent = format(value, 2);
      var row = output.closest("tr");
      var cell = row && row.querySelector("[data-rate-change]");
      if (cell) {
        cell.textContent = change(value === null ? null : Number(value.toFixed(2)),
          readNumber(output.getAttribute("data-last")));
      }
    });
  }

  form.addEventListener("input", update);
  update();
})();
