// "Download image": <button data-chart-image="CANVAS_ID" data-image-text="JSON_ID"> saves the
// chart drawn on that canvas as a PNG a reader can keep or paste: on white, the chart's title,
// unit and period, the chart, then its sources, its permalink and the licence. Every word comes
// from the JSON block the page renders (title, about, notes, filename), in the page's language;
// this script holds none. The file leaves through a blob: address and an <a download>, so the
// Content-Security-Policy needs no exception.
(function () {
  "use strict";
  var FONT = "system-ui, -apple-system, 'Segoe UI', 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif";
  // A Chinese character (or full-width sign) may end a line; other text breaks at spaces.
  var WIDE = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef";
  var PIECES = new RegExp("[" + WIDE + "]|[^\\s" + WIDE + "]+|\\s+", "g");

  // The text in lines no wider than width; a piece wider than a line (an address) is cut.
  function wrap(ctx, text, width) {
    var lines = [];
    var line = "";
    (text.match(PIECES) || []).forEach(function (piece) {
      if (ctx.measureText(line + piece).width <= width) {
        line += piece;
        return;
      }
      if (line.trim()) lines.push(line.trim());
      line = piece.trim() ? piece : "";
      while (line.length > 1 && ctx.measureText(line).width > width) {
        var cut = line.length - 1;
        while (cut > 1 && ctx.measureText(line.slice(0, cut)).width > width) cut--;
        lines.push(line.slice(0, cut));
        line = line.slice(cut);
      }
    });
    if (line.trim()) lines.push(line.trim());
    return lines;
  }

  // The picture: blocks of text above and below the chart, sized to the chart's own pixels.
  function picture(canvas, words) {
    var scale = canvas.width / (canvas.clientWidth || canvas.width); // the device pixel ratio
    var margin = Math.round(24 * scale);
    var out = document.createElement("canvas");
    var ctx = out.getContext("2d");
    var blocks = [
      { text: words.title, size: 20, weight: "600", colour: "#1d2125" },
      { text: words.about, size: 14, weight: "400", colour: "#1d2125" },
      { chart: true }
    ].concat((words.notes || []).map(function (note) {
      return { text: note, size: 12, weight: "400", colour: "#41464b" };
    }));
    var height = margin;
    blocks.forEach(function (block) {
      if (block.chart) {
        block.top = height + 8 * scale;
        height = block.top + canvas.height + 12 * scale;
        return;
      }
      block.font = block.weight + " " + Math.round(block.size * scale) + "px " + FONT;
      block.leading = Math.round(block.size * 1.4 * scale);
      ctx.font = block.font;
      block.lines = wrap(ctx, block.text || "", canvas.width);
      block.top = height;
      height += block.lines.length * block.leading + 4 * scale;
    });
    out.width = canvas.width + 2 * margin;
    out.height = Math.round(height + margin);
    ctx = out.getContext("2d"); // a canvas forgets its drawing state when resized
    ctx.fillStyle = "#ffffff";
    ctx.fillRect(0, 0, out.width, out.height);
    ctx.textBaseline = "top";
    blocks.forEach(function (block) {
      if (block.chart) {
        ctx.drawImage(canvas, margin, block.top);
        return;
      }
      ctx.font = block.font;
      ctx.fillStyle = block.colour;
      block.lines.forEach(function (line, index) {
        ctx.fillText(line, margin, block.top + index * block.leading);
      });
    });
    return out;
  }

  function save(image, filename) {
    image.toBlob(function (blob) {
      var link = document.createElement("a");
      link.href = URL.createObjectURL(blob);
      link.download = filename;
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(function () { URL.revokeObjectURL(link.href); }, 10000);
    }, "image/png");
  }

  function buttons() {
    return document.querySelectorAll("button[data-chart-image]");
  }

  function offer() {
    // Only where there is a chart to draw; without this script the button stays hidden.
    buttons().forEach(function (button) {
      if (document.getElementById(button.dataset.chartImage)) button.hidden = false;
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-chart-image]");
    if (!button) return;
    var canvas = document.getElementById(button.dataset.chartImage);
    var text = document.getElementById(button.dataset.imageText);
    if (!canvas || !canvas.chart || !text) return; // not drawn (yet)
    var words = JSON.parse(text.textContent);
    save(picture(canvas, words), words.filename);
  });

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", offer);
  else offer();
})();
