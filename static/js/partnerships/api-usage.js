// API usage page: requests per key per day (stacked bars) and all errors per day (line).
// Data comes from the json_script tags "api-usage-data" and "api-usage-labels".
(function () {
  "use strict";
  var source = document.getElementById("api-usage-data");
  if (!source || typeof Chart === "undefined") return;
  var data = JSON.parse(source.textContent);
  var labels = JSON.parse(document.getElementById("api-usage-labels").textContent);
  var palette = ["#2e6b47", "#4b7fa8", "#b8860b", "#7a4f9a", "#3a8f8f", "#8a5a2b"];
  var errors = data.labels.map(function () { return 0; });
  var datasets = data.keys.map(function (key, index) {
    key.errors.forEach(function (count, day) { errors[day] += count; });
    return { type: "bar", label: key.name, data: key.requests, stack: "requests", backgroundColor: palette[index % palette.length], order: 2 };
  });
  datasets.push({ type: "line", label: labels.errors, data: errors, borderColor: "#b02a37", backgroundColor: "#b02a37", tension: 0.2, order: 1 });
  new Chart(document.getElementById("api-usage-chart"), {
    data: { labels: data.labels, datasets: datasets },
    options: { responsive: true, maintainAspectRatio: false, scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } }, plugins: { legend: { position: "bottom" } } }
  });
})();
