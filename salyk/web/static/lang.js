/* The language switch keeps the work (issue 11 item 5): progressive enhancement.
 *
 * Without this script the switch is a plain link (/lang/ru?next=<this page and its query>) and the
 * server brings the user back to the page; with it, what the user had typed into the page's forms
 * goes along: saved to sessionStorage on the click, put back into the same forms (same action,
 * same order) when the page comes back in the other language, once.
 *
 * Never carried: passwords, PINs and every hidden field (the CSRF token among them), files, and
 * anything marked data-no-carry (on the field or its form).
 */
(function () {
  "use strict";
  var KEY = "salyk.lang-carry";
  var MAX_AGE_MS = 10 * 60 * 1000;
  var SKIP_TYPES = { password: 1, hidden: 1, file: 1, submit: 1, button: 1, reset: 1, image: 1 };

  function carried(el) {
    if (!el.name || el.disabled) return false;
    var type = (el.type || "").toLowerCase();
    if (SKIP_TYPES[type]) return false;
    if (el.hasAttribute("data-no-carry") || (el.form && el.form.hasAttribute("data-no-carry"))) return false;
    return /^(INPUT|SELECT|TEXTAREA)$/.test(el.tagName);
  }

  function actionOf(form) {
    try {
      return new URL(form.getAttribute("action") || location.href, location.href).pathname;
    } catch (e) {
      return location.pathname;
    }
  }

  function valueOf(el) {
    var type = (el.type || "").toLowerCase();
    if (type === "checkbox" || type === "radio") return { checked: el.checked };
    if (el.tagName === "SELECT" && el.multiple) {
      return { selected: Array.prototype.filter.call(el.options, function (o) { return o.selected; }).map(function (o) { return o.value; }) };
    }
    return { value: el.value };
  }

  function save() {
    var forms = [];
    var seen = {};
    Array.prototype.forEach.call(document.forms, function (form) {
      var action = actionOf(form);
      var nth = (seen[action] = (seen[action] || 0) + 1) - 1;
      var fields = [];
      Array.prototype.forEach.call(form.elements, function (el) {
        if (carried(el)) fields.push({ name: el.name, v: valueOf(el) });
      });
      if (fields.length) forms.push({ action: action, nth: nth, fields: fields });
    });
    try {
      sessionStorage.setItem(KEY, JSON.stringify({ at: Date.now(), forms: forms }));
    } catch (e) { /* storage full or refused: the switch still works, without the input */ }
  }

  function restoreField(el, v) {
    if ("checked" in v) el.checked = v.checked;
    else if ("selected" in v) Array.prototype.forEach.call(el.options, function (o) { o.selected = v.selected.indexOf(o.value) >= 0; });
    else if (el.tagName === "SELECT" && !Array.prototype.some.call(el.options, function (o) { return o.value === v.value; })) return false;
    else el.value = v.value;
    return true;
  }

  function restore() {
    var raw;
    try {
      raw = sessionStorage.getItem(KEY);
      sessionStorage.removeItem(KEY);  // once: a later visit starts clean
    } catch (e) { return; }
    if (!raw) return;
    var saved;
    try { saved = JSON.parse(raw); } catch (e) { return; }
    if (!saved || !saved.forms || Date.now() - saved.at > MAX_AGE_MS) return;
    var seen = {};
    Array.prototype.forEach.call(document.forms, function (form) {
      var action = actionOf(form);
      var nth = (seen[action] = (seen[action] || 0) + 1) - 1;
      var match = saved.forms.filter(function (f) { return f.action === action && f.nth === nth; })[0];
      if (!match) return;
      // The k-th field of a name gets the k-th value saved under it (repeated rows keep their order).
      var byName = {};
      match.fields.forEach(function (f) { (byName[f.name] = byName[f.name] || []).push(f.v); });
      var used = {};
      Array.prototype.forEach.call(form.elements, function (el) {
        if (!carried(el) || !byName[el.name]) return;
        var k = used[el.name] = (used[el.name] || 0);
        used[el.name] = k + 1;
        var v = byName[el.name][k];
        if (v === undefined) return;
        if (restoreField(el, v)) {
          el.dispatchEvent(new Event("input", { bubbles: true }));
          el.dispatchEvent(new Event("change", { bubbles: true }));
        }
      });
    });
  }

  document.addEventListener("click", function (event) {
    var link = event.target && event.target.closest ? event.target.closest("a[data-lang-switch]") : null;
    if (link) save();
  });
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", restore);
  else restore();
})();
