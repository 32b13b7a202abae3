// Keyboard moderation queue (admin). Without this file every comment is a plain
// form that POSTs and comes back to the queue; with it, decisions are sent in
// the background and the keys j/k (move), a (approve), r (reject), s (spam) work.
(function () {
  "use strict";

  const list = document.querySelector("[data-queue]");
  if (!list) {
    return;
  }
  const counter = document.querySelector("[data-queue-count]");
  const live = document.querySelector("[data-queue-live]");
  const empty = document.querySelector("[data-queue-empty]");
  let current = null;

  function items() {
    return Array.from(list.querySelectorAll("[data-queue-item]"));
  }

  function select(item, focus) {
    if (current) {
      current.classList.remove("is-current");
      current.removeAttribute("aria-current");
    }
    current = item || null;
    if (!current) {
      return;
    }
    current.classList.add("is-current");
    current.setAttribute("aria-current", "true");
    if (focus) {
      current.focus({ preventScroll: true });
      current.scrollIntoView({ block: "nearest" });
    }
  }

  function move(step) {
    const all = items();
    if (!all.length) {
      return;
    }
    const index = all.indexOf(current);
    const next = index === -1 ? 0 : Math.min(Math.max(index + step, 0), all.length - 1);
    select(all[next], true);
  }

  function announce(text) {
    if (live) {
      live.textContent = text;
    }
  }

  async function send(form, submitter) {
    const item = form.closest("[data-queue-item]");
    const data = new FormData(form);
    if (submitter && submitter.name) {
      data.set(submitter.name, submitter.value);
    }
    const buttons = form.querySelectorAll("button");
    buttons.forEach((button) => { button.disabled = true; });
    item.classList.add("is-busy");
    try {
      const response = await fetch(form.action, {
        method: "POST",
        body: data,
        credentials: "same-origin",
        headers: {
          Accept: "application/json",
          "X-CSRFToken": data.get("csrfmiddlewaretoken"),
        },
      });
      let payload = {};
      try {
        payload = await response.json();
      } catch (error) {
        payload = {};
      }
      if (!response.ok) {
        throw new Error(payload.error || response.statusText);
      }
      const all = items();
      const index = all.indexOf(item);
      const following = all[index + 1] || all[index - 1] || null;
      const wasCurrent = item === current;
      item.remove();
      if (wasCurrent) {
        current = null;
        select(following, true);
      }
      if (counter && typeof payload.pending_count === "number") {
        counter.textContent = payload.pending_count;
      }
      announce(payload.message || "");
      if (!items().length && empty) {
        empty.hidden = false;
      }
    } catch (error) {
      item.classList.remove("is-busy");
      buttons.forEach((button) => { button.disabled = false; });
      announce(error.message);
    }
  }

  list.addEventListener("submit", (event) => {
    const form = event.target.closest("[data-queue-form]");
    if (!form) {
      return;
    }
    event.preventDefault();
    send(form, event.submitter);
  });

  list.addEventListener("focusin", (event) => {
    const item = event.target.closest("[data-queue-item]");
    if (item && item !== current) {
      select(item, false);
    }
  });

  document.addEventListener("keydown", (event) => {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey) {
      return;
    }
    if (event.target.closest("input, textarea, select, [contenteditable]")) {
      return;
    }
    const key = event.key.toLowerCase();
    if (key === "j") {
      move(1);
    } else if (key === "k") {
      move(-1);
    } else if (key === "a" || key === "r" || key === "s") {
      if (!current) {
        return;
      }
      const button = current.querySelector(`[data-key="${key}"]`);
      if (!button || button.disabled) {
        return;
      }
      button.click();
    } else {
      return;
    }
    event.preventDefault();
  });

  select(items()[0], false);
})();
