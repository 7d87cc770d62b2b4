/* Stagecraft: the catalogue's filters (framework, kind, language), and two accessibility fixes to
   the theme's markup. Local, no network; without JavaScript the form stays hidden and every
   programme is listed. */
(function () {
  "use strict";
  function accessible() {
    /* The search overlay is a dialog: give it the search box's name (WCAG 4.1.2). */
    Array.prototype.forEach.call(document.querySelectorAll(".md-search[role=dialog]:not([aria-label])"), function (dialog) {
      var input = dialog.querySelector("input[aria-label]");
      if (input) dialog.setAttribute("aria-label", input.getAttribute("aria-label"));
    });
    /* Wide tables scroll sideways: let keyboard users reach and scroll them (WCAG 2.1.1). */
    Array.prototype.forEach.call(document.querySelectorAll(".md-typeset__scrollwrap"), function (wrap) {
      if (!wrap.hasAttribute("tabindex")) wrap.setAttribute("tabindex", "0");
    });
  }
  function setup() {
    accessible();
    var form = document.querySelector("form.sc-filters");
    var list = document.querySelector("ul.sc-catalogue");
    if (!form || !list || form.dataset.ready) return;
    form.dataset.ready = "1";
    var cards = Array.prototype.slice.call(list.querySelectorAll("li.sc-card"));
    var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-sc-filter]"));
    var count = form.querySelector(".sc-filters__count");
    function apply() {
      var shown = 0;
      cards.forEach(function (card) {
        var visible = selects.every(function (select) {
          return !select.value || card.getAttribute("data-" + select.dataset.scFilter) === select.value;
        });
        card.hidden = !visible;
        if (visible) shown += 1;
      });
      if (count) {
        count.textContent = count.dataset.scTemplate
          .replace("{shown}", String(shown)).replace("{total}", String(cards.length));
      }
    }
    selects.forEach(function (select) { select.addEventListener("change", apply); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.hidden = false;
    apply();
  }
  if (typeof document$ !== "undefined" && document$.subscribe) {
    document$.subscribe(setup);  /* mkdocs-material's instant navigation, when enabled */
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
