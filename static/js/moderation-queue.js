// Keyboard moderation queue (admin). Without this file every comment is a plain
// form that POSTs and comes back to the queue (the decision's message carries an
// "Annuler" button); with it, decisions are sent in the background and the keys
// j/k (move), a (approve), r (reject), s (spam) and u (undo) work. The first
// comment starts selected, so the first j goes to the second one.
(function () {
  "use strict";

  const list = document.querySelector("[data-queue]");
  if (!list) {
    return;
  }
  const counter = document.querySelector("[data-queue-count]");
  const live = document.querySelector("[data-queue-live]");
  const empty = document.querySelector("[data-queue-empty]");
  const undoButton = document.querySelector("[data-queue-undo]");
  const csrfToken = (list.querySelector("[name=csrfmiddlewaretoken]") || {}).value || "";
  let current = null;
  // Decisions that can still be taken back, newest last: the removed item, where
  // it stood, and the server's signed undo token.
  const undoable = [];

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

  async function post(url, data) {
    const response = await fetch(url, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRFToken": csrfToken },
    });
    let payload = {};
    try {
      payload = await response.json();
    } catch (error) {
      payload = {};
    }
    if (!response.ok) {
      throw new Error(payload.error || payload.message || response.statusText);
    }
    return payload;
  }

  function updateCount(payload) {
    if (counter && typeof payload.pending_count === "number") {
      counter.textContent = payload.pending_count;
    }
  }

  function showUndo() {
    if (undoButton) {
      undoButton.hidden = undoable.length === 0;
    }
  }

  async function undoLast() {
    const last = undoable.pop();
    showUndo();
    if (!last) {
      return;
    }
    const data = new FormData();
    data.set("token", last.undo.token);
    try {
      const payload = await post(last.undo.url, data);
      updateCount(payload);
      if (payload.restored && payload.restored.length) {
        last.item.classList.remove("is-busy");
        last.item.querySelectorAll("button").forEach((button) => { button.disabled = false; });
        list.insertBefore(last.item, last.before && last.before.isConnected ? last.before : null);
        if (empty) {
          empty.hidden = true;
        }
        select(last.item, true);
      }
      announce(payload.message || "");
    } catch (error) {
      announce(error.message);
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
      const payload = await post(form.action, data);
      const all = items();
      const index = all.indexOf(item);
      const following = all[index + 1] || all[index - 1] || null;
      const before = item.nextElementSibling;
      const wasCurrent = item === current;
      item.remove();
      if (wasCurrent) {
        current = null;
        select(following, true);
      }
      updateCount(payload);
      if (payload.undo) {
        undoable.push({ item: item, before: before, undo: payload.undo });
        // The server refuses an undo after COMMENTS_UNDO_SECONDS anyway; forget it then.
        const seconds = Number(list.closest("[data-undo-seconds]").dataset.undoSeconds) || 30;
        window.setTimeout(() => {
          const position = undoable.findIndex((entry) => entry.item === item);
          if (position !== -1) {
            undoable.splice(position, 1);
            showUndo();
          }
        }, seconds * 1000);
      }
      showUndo();
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
    if (key === "u") {
      undoLast();
    } else if (key === "j") {
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

  if (undoButton) {
    undoButton.addEventListener("click", undoLast);
  }

  select(items()[0], false);
})();
