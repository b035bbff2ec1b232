// Copy buttons: <button type="button" data-copy="ID"> copies the text (or value) of the element
// with that id to the clipboard and says so in its own label for a moment. No inline script.
(function () {
  "use strict";
  function copied(button, ok) {
    var label = button.getAttribute(ok ? "data-copied-label" : "data-failed-label");
    if (!label) return;
    var before = button.textContent;
    button.textContent = label;
    setTimeout(function () { button.textContent = before; }, 2000);
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-copy]");
    if (!button) return;
    var source = document.getElementById(button.getAttribute("data-copy"));
    if (!source) return;
    var text = "value" in source && source.value !== undefined ? source.value : source.textContent;
    text = text.trim();
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(
        function () { copied(button, true); },
        function () { copied(button, false); }
      );
      return;
    }
    // Plain http (a local server): select the text and use the older command.
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "visually-hidden";
    document.body.appendChild(area);
    area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (error) { ok = false; }
    document.body.removeChild(area);
    copied(button, ok);
  });
})();
