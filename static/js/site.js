/* Atlas: progressive enhancement only; every page works without this file. No inline scripts. */
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  // Facets and sort apply as soon as they change (htmx swaps the listing in place).
  document.addEventListener("change", function (event) {
    var input = event.target;
    var form = input.form;
    if (!form || form.id !== "filter-form" || input.type === "search") return;
    if (typeof form.requestSubmit === "function") form.requestSubmit();
    else form.submit();
  });

  // Compare: at most four entries; the button says how many are chosen.
  function updateCompare() {
    var form = document.getElementById("compare-form");
    if (!form) return;
    var boxes = document.querySelectorAll('input[form="compare-form"][name="items"]');
    var chosen = Array.prototype.filter.call(boxes, function (b) { return b.checked; }).length;
    var max = parseInt(form.getAttribute("data-max") || "4", 10);
    Array.prototype.forEach.call(boxes, function (b) { b.disabled = !b.checked && chosen >= max; });
    var counter = document.getElementById("compare-count");
    if (counter) counter.textContent = String(chosen);
    var button = document.getElementById("compare-submit");
    if (button) button.disabled = chosen < 2;
    var bar = document.querySelector(".compare-bar");
    if (bar) bar.classList.toggle("compare-bar-idle", chosen === 0);
  }
  document.addEventListener("change", function (event) {
    if (event.target.getAttribute("form") === "compare-form") updateCompare();
  });

  // Suggest: show only the fields the chosen kind of entry needs.
  function updateSuggest() {
    var kind = document.querySelector('input[name="kind"]:checked, select[name="kind"]');
    if (!kind) return;
    var value = kind.value;
    document.querySelectorAll("[data-kinds]").forEach(function (el) {
      var kinds = el.getAttribute("data-kinds").split(" ");
      el.hidden = value !== "" && kinds.indexOf(value) === -1;
    });
  }
  document.addEventListener("change", function (event) {
    if (event.target.name === "kind") updateSuggest();
  });

  // Facets: always open on wide screens; on phones a tap opens them.
  var wide = window.matchMedia("(min-width: 992px)");
  function openFacets() {
    if (!wide.matches) return;
    document.querySelectorAll("details.facets-panel").forEach(function (d) { d.open = true; });
  }
  document.addEventListener("click", function (event) {
    // On wide screens the panel is a sidebar, not a disclosure: keep it open.
    if (wide.matches && event.target.closest(".facets-summary")) event.preventDefault();
  });

  // Print buttons (hidden without JavaScript: the browser's own Print works the same).
  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-print]")) window.print();
  });
  function showPrintButtons() {
    document.querySelectorAll("[data-print]").forEach(function (b) { b.hidden = false; });
  }

  function init() {
    showPrintButtons();
    openFacets();
    updateCompare();
    updateSuggest();
  }
  document.addEventListener("DOMContentLoaded", init);
  document.addEventListener("htmx:afterSettle", init);
})();
