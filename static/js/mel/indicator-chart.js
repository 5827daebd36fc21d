// Indicator page: actual against target over time, and the values by disaggregation.
// Data comes from the json_script tags "mel-series" and "mel-labels".
(function () {
  "use strict";
  var source = document.getElementById("mel-series");
  if (!source || typeof Chart === "undefined") return;
  var series = JSON.parse(source.textContent);
  var labels = JSON.parse(document.getElementById("mel-labels").textContent);
  var green = "#2e6b47", clay = "#8a5a2b", grey = "#9aa59d";
  var palette = ["#2e6b47", "#8a5a2b", "#4b7fa8", "#b8860b", "#7a4f9a", "#3a8f8f"];
  var datasets = [
    { type: "bar", label: labels.actual, data: series.actual, backgroundColor: series.status.map(function (s) { return s === "approved" ? green : grey; }), order: 2 },
    { type: "line", label: labels.target, data: series.target, borderColor: clay, backgroundColor: clay, spanGaps: true, tension: 0.2, order: 1 }
  ];
  if (series.baseline !== null) {
    datasets.push({ type: "line", label: labels.baseline, data: series.labels.map(function () { return series.baseline; }), borderColor: grey, borderDash: [6, 4], pointRadius: 0, order: 0 });
  }
  new Chart(document.getElementById("mel-chart"), {
    data: { labels: series.labels, datasets: datasets },
    options: { responsive: true, maintainAspectRatio: false, scales: { y: { beginAtZero: true } }, plugins: { legend: { position: "bottom" } } }
  });
  var canvas = document.getElementById("mel-breakdown-chart");
  if (!canvas) return;
  var stacks = [];
  var index = 0;
  Object.keys(series.breakdown).forEach(function (category) {
    Object.keys(series.breakdown[category]).forEach(function (value) {
      stacks.push({ label: category + ": " + value, data: series.breakdown[category][value], stack: category, backgroundColor: palette[index++ % palette.length] });
    });
  });
  new Chart(canvas, {
    type: "bar",
    data: { labels: series.labels, datasets: stacks },
    options: { responsive: true, maintainAspectRatio: false, scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } }, plugins: { legend: { position: "bottom" } } }
  });
})();
