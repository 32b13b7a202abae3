// The article form's autocomplete boxes (select2, e.g. the lead photo) get the accessible
// name of their field's label, which select2 leaves off its combobox and its text box.
(function () {
  "use strict";
  function name(select, label) {
    const parts = select.parentElement.querySelectorAll(
      ".select2-selection, .select2-selection__rendered",
    );
    for (const part of parts) {
      if (part.getAttribute("aria-labelledby") !== label.id) {
        part.setAttribute("aria-labelledby", label.id);
      }
    }
  }
  for (const select of document.querySelectorAll("select.admin-autocomplete")) {
    const label = select.id && document.querySelector('label[for="' + select.id + '"]');
    if (!label) {
      continue;
    }
    label.id = label.id || select.id + "-label";
    name(select, label);
    // select2 builds (and rebuilds) its markup later, beside the select.
    new MutationObserver(function () {
      name(select, label);
    }).observe(select.parentElement, { childList: true, subtree: true, attributes: true });
  }
})();
