// The admin export page's "Select all" box, bound here rather than by an inline onchange
// attribute (the Content-Security-Policy forbids those). onSelectToggleChange comes from
// django-import-export's export_selectable_fields.js.
document.addEventListener("change", function (event) {
  if (event.target.matches("input.select-toggle") && typeof onSelectToggleChange === "function") {
    onSelectToggleChange(event);
  }
});
