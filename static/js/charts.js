// Draws every chart on the page with Chart.js; no inline script is needed.
//  - <canvas data-chart="ID">: the spec is the JSON in <script type="application/json" id="ID">;
//  - <canvas data-chart-src="URL">: the spec is fetched from the chart's JSON endpoint.
// A spec has labels, datasets (each with data and, optionally, pointLabels: the text to write
// on each point, such as "more than 20%"), a title, a unit, and type/horizontal/logScale.
(function () {
  "use strict";
  var palette = ["#8a1c0f", "#1f5f8b", "#2e7d32", "#b26a00", "#6a1b9a", "#00838f", "#5d4037"];

  // Writes each point's own words (its value with the source's qualifier) beside it.
  var pointLabels = {
    id: "pointLabels",
    afterDatasetsDraw: function (chart) {
      var ctx = chart.ctx;
      var horizontal = chart.options.indexAxis === "y";
      ctx.save();
      ctx.font = "11px system-ui, sans-serif";
      ctx.fillStyle = "#1d2125";
      ctx.textAlign = horizontal ? "left" : "center";
      ctx.textBaseline = horizontal ? "middle" : "bottom";
      chart.data.datasets.forEach(function (set, index) {
        var meta = chart.getDatasetMeta(index);
        if (!set.pointLabels || meta.hidden) return;
        meta.data.forEach(function (element, position) {
          var text = set.pointLabels[position];
          if (!text || set.data[position] === null) return;
          var at = element.tooltipPosition();
          ctx.fillText(text, at.x + (horizontal ? 4 : 0), at.y - (horizontal ? 0 : 6));
        });
      });
      ctx.restore();
    }
  };

  function draw(canvas, spec) {
    var horizontal = !!spec.horizontal;
    var datasets = spec.datasets.map(function (set, index) {
      var colour = palette[index % palette.length];
      var style = { borderColor: colour, backgroundColor: colour, tension: 0, spanGaps: true, pointRadius: 4 };
      return Object.assign(style, set);
    });
    var valueAxis = {
      type: spec.logScale ? "logarithmic" : "linear",
      beginAtZero: !spec.logScale,
      title: { display: !!spec.unit, text: spec.unit },
      grace: "10%"
    };
    var labelAxis = { ticks: { autoSkip: false } };
    var scales = horizontal ? { x: valueAxis, y: labelAxis } : { y: valueAxis, x: labelAxis };
    // Long labels of a horizontal chart go on two lines, broken before their parenthesis.
    var labels = !horizontal ? spec.labels : spec.labels.map(function (label) {
      var cut = label.indexOf(" (");
      return label.length > 40 && cut > 0 ? [label.slice(0, cut), label.slice(cut + 1)] : label;
    });
    if (horizontal) {
      // One bar band per label, tall enough to read every label (two lines for a long one).
      var bars = spec.labels.length * Math.max(1, datasets.length);
      var lines = labels.reduce(function (sum, label) { return sum + (Array.isArray(label) ? 2 : 1); }, 0);
      canvas.parentElement.style.height = Math.max(320, 60 + Math.max(bars * 22, lines * 20)) + "px";
    }
    canvas.chart = new Chart(canvas, {
      type: spec.type || "line",
      data: { labels: labels, datasets: datasets },
      plugins: [pointLabels],
      options: {
        indexAxis: horizontal ? "y" : "x",
        responsive: true,
        maintainAspectRatio: false,
        animation: false,
        // Numbers on the axes follow the page language ("1,000" or the Chinese page's own).
        locale: document.documentElement.lang || "en",
        layout: { padding: { top: 18, right: horizontal ? 110 : 16 } },
        interaction: { mode: "nearest", intersect: false },
        plugins: {
          title: { display: !!spec.title, text: spec.title },
          legend: { position: "bottom" },
          tooltip: {
            callbacks: {
              label: function (item) {
                var words = item.dataset.pointLabels && item.dataset.pointLabels[item.dataIndex];
                return item.dataset.label + ": " + (words || item.formattedValue);
              }
            }
          }
        },
        scales: scales
      }
    });
    canvas.dataset.drawn = "true";
  }

  function load(canvas) {
    if (typeof Chart === "undefined") return;
    if (canvas.dataset.chart) {
      var source = document.getElementById(canvas.dataset.chart);
      if (source) draw(canvas, JSON.parse(source.textContent));
    } else if (canvas.dataset.chartSrc) {
      fetch(canvas.dataset.chartSrc, { headers: { Accept: "application/json" } })
        .then(function (response) { return response.json(); })
        .then(function (spec) { if (!spec.empty) draw(canvas, spec); })
        .catch(function () { canvas.insertAdjacentText("afterend", "The chart could not be loaded; its numbers are in the table."); });
    }
  }

  function loadAll() {
    document.querySelectorAll("canvas[data-chart], canvas[data-chart-src]").forEach(load);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", loadAll);
  else loadAll();
})();
