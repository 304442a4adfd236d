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

  /* The value axis fits the data: scores of 81–100 are drawn on 75–100, not on a flat 0–100 (15.15).
     A round step of 5 below the lowest and above the highest value; 0 stays the floor when data reach it. */
  function axisRange(datasets) {
    var values = [];
    datasets.forEach(function (d) { (d.data || []).forEach(function (v) { if (typeof v === "number" && isFinite(v)) values.push(v); }); });
    if (!values.length) return { min: undefined, max: undefined };
    var low = Math.min.apply(null, values), high = Math.max.apply(null, values);
    var pad = Math.max((high - low) * 0.1, 1);
    var min = Math.floor((low - pad) / 5) * 5, max = Math.ceil((high + pad) / 5) * 5;
    if (low >= 0 && min < 0) min = 0;
    return { min: min, max: max };
  }

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
      var range = axisRange(datasets);
      new Chart(canvas, {
        type: kind,
        data: { labels: data.labels, datasets: datasets },
        options: {
          responsive: true, maintainAspectRatio: false, animation: false,
          scales: { y: { beginAtZero: false, min: range.min, max: range.max,
                         ticks: { callback: function (value) { return Number(value).toLocaleString("vi-VN"); } } } },
          plugins: { tooltip: { callbacks: { label: function (item) {
            return item.dataset.label + ": " + Number(item.parsed.y).toLocaleString("vi-VN");
          } } } }
        },
      });
      canvas.dataset.drawn = "1";
    });
  }
  document.addEventListener("DOMContentLoaded", drawCharts);
  document.addEventListener("htmx:afterSettle", drawCharts);
})();
