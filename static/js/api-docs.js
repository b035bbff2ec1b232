// Swagger UI (vendored, drawn by React) leaves out two things keyboards and screen readers need:
// a name on each parameter's drop-down, and a way to reach a long example to scroll it. They are
// added as its operations open (axe-core: select-name, scrollable-region-focusable).
(function () {
  "use strict";
  var UNNAMED = "tr[data-param-name] select:not([aria-label])";
  var UNREACHABLE = ".swagger-ui pre.microlight:not([tabindex]), .swagger-ui pre.example:not([tabindex])";

  function mend() {
    document.querySelectorAll(UNNAMED).forEach(function (select) {
      select.setAttribute("aria-label", select.closest("tr").getAttribute("data-param-name"));
    });
    document.querySelectorAll(UNREACHABLE).forEach(function (example) {
      example.setAttribute("tabindex", "0");
    });
  }

  var root = document.getElementById("swagger-ui");
  if (root) new MutationObserver(mend).observe(root, { childList: true, subtree: true });
})();
