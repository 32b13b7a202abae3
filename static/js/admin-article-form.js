// The article form's autocomplete boxes (select2: the lead photo, the topics) get the
// accessible name of their field's label, which select2 leaves off its combobox, its
// text box and its search box.
(function () {
  "use strict";
  function name(select, label) {
    const parts = select.parentElement.querySelectorAll(
      ".select2-selection, .select2-selection__rendered, .select2-search__field",
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
    label.id = select.id + "-label";
    name(select, label);
    // select2 builds (and rebuilds) its markup later, beside the select.
    new MutationObserver(function () {
      name(select, label);
    }).observe(select.parentElement, { childList: true, subtree: true, attributes: true });
  }
  // The search box of an open dropdown (appended to the body) takes the open field's label.
  new MutationObserver(function () {
    const open = document.querySelector(".select2-container--open");
    const select = open && open.previousElementSibling;
    const label = select && select.id && document.getElementById(select.id + "-label");
    for (const search of document.querySelectorAll(".select2-search__field")) {
      if (label && search.getAttribute("aria-labelledby") !== label.id) {
        search.setAttribute("aria-labelledby", label.id);
      }
    }
  }).observe(document.body, { childList: true, subtree: true });
})();
