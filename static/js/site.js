// newsroom: small progressive enhancements; every feature works without this file.
// Loaded from our own origin with `defer`: the CSP forbids inline scripts.
(function () {
  "use strict";

  // Copy-link buttons ship hidden next to a plain permalink. Where the
  // Clipboard API is available (secure contexts), show the button instead.
  function setUpCopyLinks() {
    if (!navigator.clipboard || !window.isSecureContext) {
      return;
    }
    document.querySelectorAll("[data-copy-url]").forEach(function (button) {
      var block = button.closest(".share") || document;
      var status = block.querySelector(".share__status");
      var fallback = block.querySelector(".share__permalink");
      button.hidden = false;
      if (fallback) {
        fallback.hidden = true;
      }
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(button.dataset.copyUrl).then(
          function () {
            if (status) {
              status.textContent = button.dataset.copiedLabel || "";
            }
          },
          function () {
            if (status) {
              status.textContent = button.dataset.failedLabel || "";
            }
            if (fallback) {
              fallback.hidden = false;
            }
          }
        );
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUpCopyLinks);
  } else {
    setUpCopyLinks();
  }
})();
