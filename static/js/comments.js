// Comment section enhancements. Everything works without this file:
// "Reply" links reload the page with ?repondre=<id>#respond, and the captcha
// image can be refreshed by reloading the page.
(function () {
  "use strict";

  var respond = document.getElementById("respond");
  if (!respond) { return; }
  var form = respond.querySelector("[data-comment-form]");
  var home = respond.parentNode;
  var homeNext = respond.nextSibling;
  var replying = respond.querySelector("[data-replying]");
  var replyingText = respond.querySelector("[data-replying-text]");
  var cancel = respond.querySelector("[data-cancel-reply]");

  function parentInput() { return form && form.querySelector("input[name='parent']"); }

  function startReply(link) {
    var item = document.getElementById("comment-" + link.getAttribute("data-reply-to"));
    var input = parentInput();
    if (!item || !input) { return false; }
    input.value = link.getAttribute("data-reply-to");
    var article = item.querySelector(".comment__inner");
    article.parentNode.insertBefore(respond, article.nextSibling);
    if (replying && replyingText) {
      replyingText.textContent = link.getAttribute("aria-label") || link.textContent;
      replying.hidden = false;
    }
    var body = form.querySelector("textarea");
    if (body) { body.focus(); }
    return true;
  }

  function cancelReply() {
    var input = parentInput();
    if (input) { input.value = ""; }
    home.insertBefore(respond, homeNext);
    if (replying) { replying.hidden = true; }
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[data-reply-to]");
    if (link && startReply(link)) { event.preventDefault(); }
  });
  if (cancel) {
    cancel.addEventListener("click", function (event) {
      event.preventDefault();
      cancelReply();
    });
  }

  // After a refused post, take keyboard and screen-reader users to the summary.
  var errors = document.getElementById("comment-form-errors");
  if (errors) { errors.focus(); }

  var captcha = respond.querySelector("[data-captcha]");
  var refresh = captcha && captcha.querySelector("[data-captcha-refresh]");
  if (refresh && window.fetch) {
    refresh.hidden = false;
    refresh.addEventListener("click", function () {
      fetch(captcha.getAttribute("data-refresh-url"), {
        headers: { "X-Requested-With": "XMLHttpRequest" },
        credentials: "same-origin"
      }).then(function (response) {
        return response.ok ? response.json() : Promise.reject(response.status);
      }).then(function (data) {
        var key = form.querySelector("[data-captcha-key]");
        var image = captcha.querySelector("[data-captcha-image]");
        var audio = captcha.querySelector("[data-captcha-audio]");
        if (key) { key.value = data.key; }
        if (image) { image.src = data.image_url; }
        if (audio && data.audio_url) { audio.href = data.audio_url; }
        var answer = form.querySelector("input[name='captcha_1']");
        if (answer) { answer.value = ""; answer.focus(); }
      }).catch(function () { /* keep the current image; reloading the page also works */ });
    });
  }
}());
