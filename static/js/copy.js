// A "copy" button for a read-only field (the invitation link): button[data-copy] names the
// field's id. Without script the button stays hidden and the field can be selected and copied.
(function () {
  "use strict";

  var say = function (button, text) {
    var status = button.parentNode.querySelector("[data-copy-status]");
    if (status) {
      status.textContent = text;
    }
  };

  document.querySelectorAll("button[data-copy]").forEach(function (button) {
    var field = document.getElementById(button.getAttribute("data-copy"));
    if (!field) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      var done = function () { say(button, button.getAttribute("data-copied")); };
      var byHand = function () {
        // Older browsers, or a page not served over HTTPS: select and use the copy command.
        field.focus();
        field.select();
        if (document.execCommand && document.execCommand("copy")) {
          done();
        }
      };
      if (navigator.clipboard && window.isSecureContext) {
        navigator.clipboard.writeText(field.value).then(done, byHand);
      } else {
        byHand();
      }
    });
  });
}());
