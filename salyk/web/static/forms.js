// Live computation on the declaration forms (issue 11 item 4). The page works without this script:
// the "Compute the tax" button posts the form and the server renders the result. With it, the
// result region alone is fetched again as the taxpayer types (debounced) and replaced; the fields
// are never re-rendered, so focus and caret stay where they are.
(function () {
  "use strict";
  var form = document.querySelector("form[data-live]");
  if (!form || !window.fetch || !window.FormData) return;
  var region = document.getElementById("form-result");
  var sign = document.getElementById("sign");
  var timer = null;
  var sent = 0;
  var shown = 0;

  function apply(html, seq) {
    if (seq < shown) return; // an older answer arriving late never overwrites a newer one
    shown = seq;
    region.innerHTML = html;
    var body = region.querySelector(".result-body");
    var ready = body && body.getAttribute("data-ready") === "yes";
    if (sign) sign.hidden = !ready;
    var stale = form.parentNode.querySelector("p.alert#form-error");
    if (stale && !region.contains(stale)) stale.parentNode.removeChild(stale);
    var bad = body ? body.getAttribute("data-error-field") : "";
    Array.prototype.forEach.call(form.querySelectorAll("[aria-invalid]"), function (el) {
      el.removeAttribute("aria-invalid");
      el.removeAttribute("aria-describedby");
    });
    Array.prototype.forEach.call(form.querySelectorAll("p.field-error"), function (p) { p.parentNode.removeChild(p); });
    if (bad) {
      var el = form.elements.namedItem(bad);
      var message = region.querySelector(".alert");
      if (el && el.setAttribute && el.parentNode) {
        // the message under the field too (a new node beside it: the field itself is untouched)
        var note = document.createElement("p");
        note.className = "field-error";
        note.id = "field-error";
        note.textContent = message ? message.textContent : "";
        el.parentNode.insertBefore(note, el.nextSibling);
        el.setAttribute("aria-invalid", "true");
        el.setAttribute("aria-describedby", "field-error");
      }
    }
  }

  function compute() {
    var data = new FormData(form);
    data.delete("pin"); // the PIN never leaves the page for a preview
    data.set("action", "compute");
    var seq = ++sent;
    form.setAttribute("aria-busy", "true");
    fetch(form.getAttribute("data-live"), { method: "POST", body: new URLSearchParams(data), credentials: "same-origin" })
      .then(function (r) { return r.text(); })
      .then(function (html) { apply(html, seq); })
      .catch(function () { /* offline: the compute button still works */ })
      .then(function () { if (seq === sent) form.removeAttribute("aria-busy"); });
  }

  function changed(event) {
    if (event.target && event.target.name === "pin") return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(compute, 400);
  }

  form.addEventListener("input", changed);
  form.addEventListener("change", changed);
})();
