// An item's decision saved without reloading the review page (a phone at 200 kbit/s took ten
// seconds a save to load its 150 KB again). form[data-save-in-place] is posted with fetch,
// asking for JSON: the server answers with the parts of the page the save changed (the item,
// the status panel, the bar's count; saved_in_place.py), rendered as in the full page, and
// they are put in place here, the focus and the scroll kept. A refusal that takes the form
// away (submitted in another tab, the year or the review closed, the reviewer withdrawn:
// page_refusal.py) comes as {status: "reload", message, location, link}: the words are shown
// at the item with a link to go on, the input left in the form (drafts.js keeps it), and the
// form is not sent again. Without fetch, or with any other answer (the login ended, an error
// page, no network), the form is sent the ordinary way and the page reloads, as without this
// script.
// The form element itself stays (its contents are replaced): the listeners of forms.js and
// drafts.js on it go on, and hear "rcapp:answered" ({saved, refused}) to take the answer into
// account (refused: the page can no longer save, so the unsaved note points to the link).
(function () {
  "use strict";
  if (!window.fetch || !window.FormData || !document.createElement("template").content) {
    return;
  }

  // Runs after forms.js's guard (a second submit is prevented there) and the confirm.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented || !form.hasAttribute("data-save-in-place")) {
      return;
    }
    event.preventDefault();
    var focused = Array.prototype.indexOf.call(form.elements, document.activeElement);
    window.fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      headers: { Accept: "application/json" },
      redirect: "manual" // a login that ended: sent again the ordinary way, not followed here
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (response.type === "opaqueredirect" || type.indexOf("application/json") !== 0) {
        throw new Error("not an answer in place");
      }
      return response.json();
    }).then(function (answer) {
      if (answer.status === "reload") {
        refuse(form, answer);
      } else {
        show(form, answer, focused);
      }
    }, function () {
      HTMLFormElement.prototype.submit.call(form);
    });
  });

  function fromHtml(html) {
    var holder = document.createElement("template");
    holder.innerHTML = html;
    return holder.content.firstElementChild;
  }

  // One save's answer shown at a time, as on a page loaded after a save.
  function clearAnswers() {
    Array.prototype.forEach.call(document.querySelectorAll(".saved-here, .refused-here"), function (old) {
      old.parentNode.removeChild(old);
    });
  }

  // The page's error flash (base.html), beside the button pressed; the focus goes to it, as
  // forms.js focuses a refusal rendered with a page.
  function refuse(form, answer) {
    clearAnswers();
    var notice = document.createElement("div");
    notice.className = "flash flash-error refused-here";
    notice.setAttribute("role", "alert");
    notice.setAttribute("tabindex", "-1");
    var link = document.createElement("a");
    link.href = answer.location;
    link.textContent = answer.link;
    notice.appendChild(document.createTextNode(answer.message + " "));
    notice.appendChild(link);
    form.appendChild(notice);
    form.dispatchEvent(
      new CustomEvent("rcapp:answered", { bubbles: true, detail: { saved: false, refused: true } })
    );
    notice.focus({ preventScroll: true });
    notice.scrollIntoView({ block: "nearest" });
  }

  function show(form, answer, focused) {
    var top = form.getBoundingClientRect().top;
    clearAnswers();
    Object.keys(answer.parts).forEach(function (id) {
      var old = document.getElementById(id);
      var fresh = fromHtml(answer.parts[id]);
      if (!old || !fresh) {
        return;
      }
      var freshForm = old.contains(form) && fresh.querySelector("form[id='" + form.id + "']");
      if (freshForm) {
        form.replaceChildren.apply(form, Array.prototype.slice.call(freshForm.childNodes));
        freshForm.parentNode.replaceChild(form, freshForm);
      }
      old.parentNode.replaceChild(fresh, old);
    });
    // The echo, at the item's top when the page comes back there, goes beside the button
    // pressed: on a phone the item's top is a screen above it. A status added with its words
    // is not read out: they are put in once it is in place.
    var item = form.closest(".review-item");
    var echo = item && item.querySelector(".saved-here");
    if (echo) {
      form.appendChild(echo);
      var words = echo.textContent;
      echo.textContent = "";
      window.setTimeout(function () { echo.textContent = words; }, 50);
    }
    // The form stays where it was on the screen, whatever changed above it.
    window.scrollBy(0, form.getBoundingClientRect().top - top);
    var saved = answer.status === "saved";
    form.dispatchEvent(new CustomEvent("rcapp:answered", { bubbles: true, detail: { saved: saved } }));
    // A refusal: its first field to fix, as the full page does (forms.js); else the control
    // that had the focus (the button), now a new element in the same place.
    var box = form.querySelector(".has-error");
    var target = box ? box.querySelector("[aria-invalid=true], input:checked, input, select, textarea")
      : form.elements[focused];
    if (target) {
      target.focus({ preventScroll: !box });
    }
  }
})();
