/* Stagecraft: the catalogue's filters (framework, kind, language). Local, no network; without
   JavaScript the form stays hidden and every programme is listed. */
(function () {
  "use strict";
  function setup() {
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
