// Comment section enhancements. Everything works without this file: the
// "Reply" and "Write a comment" buttons post to the form endpoint, which makes
// a security code and opens the page with the whole form (?commenter=<key>),
// and a refused comment comes back with a new code. No GET makes a code: this
// file asks for one with a POST when the reader starts typing, and for
// another one ("Show another code") with a POST too.
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

  function startReply(link, quiet) {
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
    if (body && !quiet) { body.focus(); }
    return true;
  }

  function cancelReply() {
    var input = parentInput();
    if (input) { input.value = ""; }
    home.insertBefore(respond, homeNext);
    if (replying) { replying.hidden = true; }
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-reply-to]");
    if (link && startReply(link)) { event.preventDefault(); }
  });
  if (cancel) {
    cancel.addEventListener("click", function (event) {
      event.preventDefault();
      cancelReply();
    });
  }

  // After a refused post, take keyboard and screen-reader users to the summary.
  // Again once the page has loaded: the browser's own move to the #respond
  // anchor, which comes later, would otherwise leave focus on the page.
  var errors = document.getElementById("comment-form-errors");
  if (errors) {
    errors.focus();
    window.addEventListener("load", function () {
      window.setTimeout(function () { errors.focus(); }, 0);
    });
  }

  // The captcha's "another code" button, wherever the captcha is (it may arrive late).
  // A POST with the form's CSRF token: a new code is a row in the database.
  function setUpCaptcha(root) {
    var captcha = root.querySelector("[data-captcha]");
    var refresh = captcha && captcha.querySelector("[data-captcha-refresh]");
    var refreshError = captcha && captcha.querySelector("[data-captcha-error]");
    if (!refresh || !window.fetch) { return; }
    refresh.hidden = false;
    refresh.addEventListener("click", function () {
      var csrf = form.querySelector("input[name='csrfmiddlewaretoken']");
      fetch(captcha.getAttribute("data-refresh-url"), {
        method: "POST",
        headers: { "X-CSRFToken": csrf ? csrf.value : "" },
        credentials: "same-origin"
      }).then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (data) {
          return response.ok ? data : Promise.reject(data);
        });
      }).then(function (data) {
        if (refreshError) { refreshError.hidden = true; }
        var key = form.querySelector("[data-captcha-key]");
        var image = captcha.querySelector("[data-captcha-image]");
        var audio = captcha.querySelector("[data-captcha-audio]");
        if (key) { key.value = data.key; }
        // The page shows the double-resolution rendering (see the widget template).
        if (image) { image.src = data.image_url.replace(/\/$/, "@2/"); }
        if (audio && data.audio_url) { audio.href = data.audio_url; }
        var answer = form.querySelector("input[name='captcha_1']");
        if (answer) { answer.value = ""; answer.focus(); }
      }).catch(function (data) {
        // Keep the current image; say why when the server did (too many codes).
        if (refreshError && data && data.error) {
          refreshError.textContent = data.error;
          refreshError.hidden = false;
        }
      });
    });
  }
  setUpCaptcha(respond);

  // A page from the shared cache carries no CSRF token, form token or captcha
  // (they would be stale or someone else's), nor does any page whose URL names
  // no live code. Show the form, and fetch those the first time the reader
  // enters it (a POST: it makes a code); without JavaScript the page shows a
  // "Write a comment" button that posts to the same endpoint instead.
  var freshUrl = form && form.getAttribute("data-fresh-url");
  var fresh = form && form.querySelector("[data-comment-fresh]");
  if (freshUrl && fresh && window.fetch && window.DOMParser) {
    var fallback = respond.querySelector("[data-comment-fallback]");
    var failure = form.querySelector("[data-comment-fresh-error]");
    var limited = form.querySelector("[data-comment-fresh-limit]");
    var loading = null;
    var loaded = false;

    var loadFresh = function () {
      if (!loading) {
        var body = new URLSearchParams();
        body.append("fragment", "1");
        loading = fetch(freshUrl, {
          method: "POST",
          body: body,
          credentials: "same-origin"
        }).then(function (response) {
          return response.ok ? response.text() : Promise.reject(response.status);
        }).then(function (html) {
          if (failure) { failure.hidden = true; }
          if (limited) { limited.hidden = true; }
          var parsed = new DOMParser().parseFromString(html, "text/html");
          Array.prototype.slice.call(parsed.body.childNodes).forEach(function (node) {
            fresh.appendChild(document.importNode(node, true));
          });
          loaded = true;
          setUpCaptcha(fresh);
        }).catch(function (status) {
          // Past the limit, asking again at each key would only be refused: wait for a reload.
          if (status !== 429) { loading = null; }
          var shown = status === 429 && limited ? limited : failure;
          if (shown) { shown.hidden = false; }
        });
      }
      return loading;
    };

    form.hidden = false;
    if (fallback) { fallback.hidden = true; }
    form.addEventListener("focusin", loadFresh);
    form.addEventListener("input", loadFresh);
    form.addEventListener("submit", function (event) {
      if (loaded) { return; }
      // Sent before the token arrived (autofill, a fast keyboard): send once it has.
      event.preventDefault();
      loadFresh().then(function () {
        if (loaded) { form.submit(); }
      });
    });
  }

  // The draft: what the reader types stays in this tab's sessionStorage, so a
  // reload, a language switch or the back button never loses it (the server
  // also shows a refused form again). It is dropped once a comment is accepted:
  // the page then opens on the reader's own pending comment.
  var store = null;
  try { store = window.sessionStorage; } catch (error) { store = null; }
  if (form && store) {
    var draftKey = "newsroom:comment-draft:" + window.location.pathname;
    var TEXT_FIELDS = ["body", "author_name", "author_email", "author_url", "parent"];
    var BOX_FIELDS = ["remember", "notify_on_approval", "notify_on_reply"];
    var control = function (name) { return form.querySelector("[name='" + name + "']"); };
    var accepted = /^#comment-\d+$/.test(window.location.hash) &&
      document.querySelector(window.location.hash + ".comment--pending");
    if (accepted) {
      store.removeItem(draftKey);
    } else {
      var saved = null;
      try { saved = JSON.parse(store.getItem(draftKey) || "null"); } catch (error) { saved = null; }
      if (saved) {
        var restored = false;
        TEXT_FIELDS.forEach(function (name) {
          var input = control(name);
          if (input && !input.value && saved[name]) { input.value = saved[name]; restored = true; }
        });
        BOX_FIELDS.forEach(function (name) {
          var box = control(name);
          if (box && restored && typeof saved[name] === "boolean") { box.checked = saved[name]; }
        });
        var parent = control("parent");
        var replyLink = parent && parent.value &&
          document.querySelector("[data-reply-to='" + parent.value + "']");
        if (replyLink && !respond.querySelector("[data-replying]:not([hidden])")) { startReply(replyLink, true); }
        // A shared page fetches its token and captcha on the reader's first input.
        if (restored) { form.dispatchEvent(new Event("input", { bubbles: true })); }
      }
    }
    var saveDraft = function () {
      var draft = {};
      TEXT_FIELDS.forEach(function (name) { var input = control(name); if (input) { draft[name] = input.value; } });
      BOX_FIELDS.forEach(function (name) { var box = control(name); if (box) { draft[name] = box.checked; } });
      try { store.setItem(draftKey, JSON.stringify(draft)); } catch (error) { /* storage full or off */ }
    };
    form.addEventListener("input", saveDraft);
    form.addEventListener("change", saveDraft);
  }
}());
