// The photo picker (admin/photos/photo/picker/): hand the chosen photo to the editor
// that opened it. Contract: PhotoAdmin.picker_view's docstring (photos/admin.py).
(function () {
  "use strict";
  const status = document.querySelector("[data-picker-status]");

  document.addEventListener("click", function (event) {
    const button = event.target.closest("[data-photo-choice]");
    if (!button) {
      return;
    }
    const data = button.closest("li").querySelector('script[type="application/json"]');
    const photo = JSON.parse(data.textContent);
    const message = { type: "newsroom:photo-picked", photo: photo };
    const target = window.opener || (window.parent !== window ? window.parent : null);
    if (target) {
      target.postMessage(message, window.location.origin);
    }
    document.dispatchEvent(new CustomEvent("photo-picked", { detail: photo }));
    if (status) {
      status.textContent = button.dataset.chosenLabel;
    }
    if (window.opener) {
      window.close();
    }
  });
})();
