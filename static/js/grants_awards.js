// Live sums in the report editor and the budget update (progressive enhancement: the server recomputes
// everything; without JavaScript the sums appear after saving).
(function () {
  "use strict";
  function parse(value) {
    var text = String(value || "").replace(/[\s\u00a0]/g, "").replace(",", ".");
    if (!/^\d+(\.\d{1,2})?$/.test(text)) return null;
    var parts = text.split(".");
    return parseInt(parts[0], 10) * 100 + (parts[1] ? parseInt((parts[1] + "0").slice(0, 2), 10) : 0);
  }
  function format(grosze) {
    var negative = grosze < 0; grosze = Math.abs(grosze);
    var whole = String(Math.floor(grosze / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, "\u00a0");
    var cents = String(grosze % 100).padStart(2, "0");
    var lang = document.documentElement.lang || "pl";
    return (negative ? "−" : "") + (lang === "pl" ? whole + "," + cents : whole.replace(/\u00a0/g, ",") + "." + cents);
  }
  function sum(selector) {
    var total = 0;
    document.querySelectorAll(selector).forEach(function (input) { total += parse(input.value) || 0; });
    return total;
  }
  function update() {
    document.querySelectorAll("[data-live-sum]").forEach(function (output) {
      output.textContent = format(sum(output.getAttribute("data-live-sum")));
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    if (!document.querySelector("[data-live-sum]")) return;
    document.addEventListener("input", update);
    update();
  });
})();
