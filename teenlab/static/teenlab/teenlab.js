// teenlab: the little behaviour the pages need; everything works without it.
(function () {
  "use strict";

  // Phones: the main navigation opens and closes from the "Menu" button.
  function setupMenu() {
    var toggle = document.querySelector("[data-menu-toggle]");
    var nav = document.getElementById("site-nav");
    if (!toggle || !nav) return;
    toggle.addEventListener("click", function () {
      var open = toggle.getAttribute("aria-expanded") === "true";
      toggle.setAttribute("aria-expanded", String(!open));
      if (open) nav.removeAttribute("data-open"); else nav.setAttribute("data-open", "");
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && toggle.getAttribute("aria-expanded") === "true") {
        toggle.click();
        toggle.focus();
      }
    });
  }

  // The user menu (a <details>) closes on Escape and when clicking elsewhere.
  function setupUserMenu() {
    var menu = document.querySelector(".user-menu");
    if (!menu) return;
    document.addEventListener("click", function (event) {
      if (menu.open && !menu.contains(event.target)) menu.open = false;
    });
    menu.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && menu.open) {
        menu.open = false;
        menu.querySelector("summary").focus();
      }
    });
  }

  // A searchable field (core.forms.SearchableInput): its <datalist> is filled with the
  // server's suggestions as one types. Typing does not refilter a list (the form reacts to
  // "input"): choosing does, on "change".
  function setupSearchable(root) {
    root.querySelectorAll("input[data-options-url]").forEach(function (input) {
      if (input.dataset.searchable) return;
      input.dataset.searchable = "on";
      var list = document.getElementById(input.getAttribute("list"));
      var timer = null;
      var asked = null;
      function suggest() {
        var text = input.value;
        if (text === asked || !list) return;
        asked = text;
        var url = input.dataset.optionsUrl + "?q=" + encodeURIComponent(text);
        fetch(url, { credentials: "same-origin", headers: { "Accept": "text/html" } })
          .then(function (response) { return response.ok ? response.text() : ""; })
          .then(function (html) { if (asked === text) list.innerHTML = html; })
          .catch(function () { /* no suggestion: the typed code still works */ });
      }
      input.addEventListener("input", function (event) {
        event.stopPropagation();
        clearTimeout(timer);
        timer = setTimeout(suggest, 200);
      });
      input.addEventListener("focus", suggest);
    });
  }

  // A "print" button (data-print), such as the information notice's.
  function setupPrint() {
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    setupMenu();
    setupUserMenu();
    setupPrint();
    setupSearchable(document);
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    setupSearchable(event.target);
  });
})();
