// The commune dashboard: draw the "tasks done over the year" line chart with the vendored Chart.js.
// The table under the canvas shows the same numbers, for readers without colour or JavaScript.
(function () {
  "use strict";

  function draw() {
    var canvas = document.getElementById("completion-chart");
    var source = document.getElementById("completion-data");
    if (!canvas || !source || typeof Chart === "undefined") return;
    var data = JSON.parse(source.textContent);
    var printing = document.getElementById("dashboard").getAttribute("data-printing") === "1";
    new Chart(canvas, {
      type: "line",
      data: {
        labels: data.labels,
        datasets: [
          {
            label: canvas.closest("section").querySelector("h2").textContent,
            data: data.values,
            borderColor: "#198754",
            backgroundColor: "rgba(25, 135, 84, 0.15)",
            fill: true,
            spanGaps: false,
            tension: 0.2,
          },
        ],
      },
      options: {
        animation: printing ? false : undefined,
        maintainAspectRatio: false,
        plugins: { legend: { display: false } },
        scales: { y: { beginAtZero: true, suggestedMax: data.total, ticks: { precision: 0 } } },
      },
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
