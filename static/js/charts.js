// Draws every <canvas data-chart="ID"> from the JSON in <script type="application/json" id="ID">.
(function () {
  "use strict";
  var palette = ["#8a1c0f", "#1f5f8b", "#2e7d32", "#b26a00", "#6a1b9a", "#00838f", "#5d4037"];

  function draw(canvas) {
    var source = document.getElementById(canvas.dataset.chart);
    if (!source || typeof Chart === "undefined") return;
    var spec = JSON.parse(source.textContent);
    var datasets = spec.datasets.map(function (set, index) {
      var colour = palette[index % palette.length];
      return Object.assign({ borderColor: colour, backgroundColor: colour, tension: 0.2, spanGaps: true }, set);
    });
    canvas.chart = new Chart(canvas, {
      type: spec.type || "line",
      data: { labels: spec.labels, datasets: datasets },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        interaction: { mode: "index", intersect: false },
        plugins: { title: { display: !!spec.title, text: spec.title }, legend: { position: "bottom" } },
        scales: { y: { beginAtZero: true, title: { display: !!spec.unit, text: spec.unit } } }
      }
    });
    canvas.dataset.drawn = "true";
  }

  function drawAll() {
    document.querySelectorAll("canvas[data-chart]").forEach(draw);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", drawAll);
  else drawAll();
})();
