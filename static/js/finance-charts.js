/* Portfolio charts (Chart.js): committed funding by instrument and by source type
   (doughnuts), total cost by sector (bars) and the pipeline by stage (investments and
   cost). Data comes from the json_script "finance-chart-data"; each chart has a table
   with the same figures next to it. */
(function () {
  "use strict";
  var PALETTE = ["#2e6b47", "#8a5a2b", "#3f7fa6", "#c49a2c", "#7a4d8c", "#b5651d", "#5b8c5a", "#a63f3f", "#4f5d53", "#9bb7a0", "#d4a373", "#6c8ebf", "#e0b04a", "#8d6e63", "#607d8b"];

  function format(value) {
    return Number(value).toLocaleString(document.documentElement.lang || undefined, { maximumFractionDigits: 0 });
  }

  function doughnut(id, chart, unit) {
    var canvas = document.getElementById(id);
    if (!canvas || !chart.values.length) return;
    new Chart(canvas, {
      type: "doughnut",
      data: { labels: chart.labels, datasets: [{ data: chart.values, backgroundColor: PALETTE }] },
      options: {
        animation: false, maintainAspectRatio: false,
        plugins: {
          legend: { position: window.innerWidth < 576 ? "bottom" : "right", labels: { boxWidth: 12 } },
          tooltip: { callbacks: { label: function (ctx) { return ctx.label + ": " + format(ctx.parsed) + " " + unit; } } }
        }
      }
    });
  }

  function bars(id, chart, labels, withCounts) {
    var canvas = document.getElementById(id);
    if (!canvas || !chart.values.length) return;
    var datasets = [{ label: labels.amount, data: chart.values, backgroundColor: "#2e6b47", yAxisID: "y" }];
    var scales = { y: { beginAtZero: true, ticks: { callback: format } }, x: { ticks: { autoSkip: false, maxRotation: 60 } } };
    if (withCounts) {
      datasets.push({ label: labels.count, data: chart.counts, backgroundColor: "#c49a2c", yAxisID: "y1" });
      scales.y1 = { beginAtZero: true, position: "right", grid: { drawOnChartArea: false }, ticks: { precision: 0 } };
    }
    new Chart(canvas, {
      type: "bar",
      data: { labels: chart.labels, datasets: datasets },
      options: { animation: false, maintainAspectRatio: false, scales: scales, plugins: { legend: { display: withCounts, position: "bottom" } } }
    });
  }

  function draw() {
    var source = document.getElementById("finance-chart-data");
    if (!source || typeof Chart === "undefined") return;
    var data = JSON.parse(source.textContent);
    doughnut("chart-instrument", data.instrument, data.currency);
    doughnut("chart-source_type", data.source_type, data.currency);
    bars("chart-sector", data.sector, data.labels, false);
    bars("chart-stage", data.stage, data.labels, true);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
