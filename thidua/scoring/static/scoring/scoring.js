/* Score pages: keyboard navigation in the grid, charts from json_script data. */
(function () {
  "use strict";
  function gridMove(event) {
    var input = event.target;
    if (!input.matches || !input.matches(".score-grid input.points")) return;
    var step = 0;
    if (event.key === "ArrowDown" || (event.key === "Enter" && !event.shiftKey)) step = 1;
    if (event.key === "ArrowUp" || (event.key === "Enter" && event.shiftKey)) step = -1;
    if (!step) return;
    event.preventDefault();
    var column = input.dataset.column;
    var inputs = Array.prototype.slice.call(document.querySelectorAll('.score-grid input.points[data-column="' + column + '"]'));
    var index = inputs.indexOf(input);
    if (event.key === "Enter") input.dispatchEvent(new Event("change", { bubbles: true }));
    var next = inputs[index + step];
    if (next) { next.focus(); next.select(); }
  }
  document.addEventListener("keydown", gridMove);
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { var panel = document.getElementById("explain"); if (panel) panel.innerHTML = ""; }
  });
  document.addEventListener("click", function (event) {
    if (event.target.matches && event.target.matches("[data-close-explain]")) {
      document.getElementById("explain").innerHTML = "";
    }
  });

  function drawCharts() {
    if (typeof Chart === "undefined") return;
    document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
      if (canvas.dataset.drawn) return;
      var data = JSON.parse(document.getElementById(canvas.dataset.chart).textContent);
      var kind = canvas.dataset.kind || "bar";
      var datasets = (data.series || []).map(function (series, i) {
        var colors = ["#a3161a", "#9ca3af", "#1b4f9c"];
        return { label: series.label, data: series.values, backgroundColor: colors[i % 3], borderColor: colors[i % 3] };
      });
      new Chart(canvas, {
        type: kind,
        data: { labels: data.labels, datasets: datasets },
        options: { responsive: true, maintainAspectRatio: false, scales: { y: { beginAtZero: true } } },
      });
      canvas.dataset.drawn = "1";
    });
  }
  document.addEventListener("DOMContentLoaded", drawCharts);
  document.addEventListener("htmx:afterSettle", drawCharts);
})();
