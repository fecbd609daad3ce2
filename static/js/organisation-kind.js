// The secretariat's organisation form (organisations/form.html): a chemical park is in no
// park, so choosing the kind 化工园区 clears and disables "所在化工园区" at once and shows why
// ([data-park-hint]); choosing 企业 again gives the field back with the park it had. Without
// script the save clears the park all the same and says so (organisations.views._park_left).
(function () {
  "use strict";

  var form = document.querySelector("form[data-park-kind]");
  if (!form) {
    return;
  }
  var kind = form.querySelector("#kind");
  var park = form.querySelector("#park_id");
  var hint = form.querySelector("[data-park-hint]");
  if (!kind || !park) {
    return;
  }
  var parkKind = form.getAttribute("data-park-kind");
  var kept = park.value;

  function follow() {
    var isPark = kind.value === parkKind;
    if (isPark && !park.disabled) {
      kept = park.value;
      park.value = "";
    } else if (!isPark && park.disabled && park.value === "") {
      park.value = kept;
    }
    park.disabled = isPark;
    if (hint) {
      hint.hidden = !isPark;
    }
  }

  kind.addEventListener("change", follow);
  follow();
})();
