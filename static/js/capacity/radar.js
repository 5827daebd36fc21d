/* Radar charts of capacity self-assessments: baseline against the latest follow-up.
   Data comes from the json_script element "capacity-radar-data"; the table next to
   each chart shows the same figures for screen readers and printing. */
(function () {
  "use strict";
  function draw() {
    var source = document.getElementById("capacity-radar-data");
    if (!source || typeof Chart === "undefined") return;
    var charts = JSON.parse(source.textContent);
    charts.forEach(function (chart) {
      var canvas = document.getElementById(chart.id);
      if (!canvas) return;
      new Chart(canvas, {
        type: "radar",
        data: {
          labels: chart.labels,
          datasets: [
            { label: chart.baseline_label, data: chart.baseline, borderColor: "#8a5a2b", backgroundColor: "rgba(138, 90, 43, 0.15)", pointBackgroundColor: "#8a5a2b", spanGaps: true },
            { label: chart.follow_up_label, data: chart.follow_up, borderColor: "#2e6b47", backgroundColor: "rgba(46, 107, 71, 0.2)", pointBackgroundColor: "#2e6b47", spanGaps: true }
          ]
        },
        options: {
          animation: false,
          scales: { r: { min: 0, max: 5, ticks: { stepSize: 1, backdropColor: "transparent" } } },
          plugins: {
            legend: { position: "bottom" },
            tooltip: { callbacks: { title: function (items) { return chart.titles[items[0].dataIndex]; } } }
          }
        }
      });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
