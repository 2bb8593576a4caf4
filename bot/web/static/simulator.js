// Hejsan simulator page: pick a person, poll their conversation, type or tap.
// Plain JS, no build step. Message text is only ever set with textContent.
"use strict";

(function () {
  const POLL_MS = 1000;
  const SLOW_POLL_MS = 5000;

  const chat = document.getElementById("chat");
  const chatEmpty = document.getElementById("chat-empty");
  const title = document.getElementById("chat-title");
  const sub = document.getElementById("chat-sub");
  const status = document.getElementById("status");
  const form = document.getElementById("composer");
  const input = document.getElementById("text");
  const sendButton = document.getElementById("send");
  const label = document.getElementById("text-label");
  const error = document.getElementById("error");
  const examples = document.getElementById("examples");
  const tabs = Array.from(document.querySelectorAll('[role="tab"]'));
  const people = Array.from(document.querySelectorAll("button.person"));

  // The conversation on screen; `generation` makes answers for an earlier pick harmless.
  const state = { role: null, id: null, name: "", first: "", cursor: 0, seen: new Set(), generation: 0, timer: null };
  const lastPicked = { senior: null, volunteer: null };

  function personButton(role, id) {
    return people.find((b) => b.dataset.role === role && b.dataset.id === String(id)) || null;
  }

  // --- tabs (arrow keys move between them, as in the ARIA tabs pattern) ---
  function showTab(role, focus) {
    for (const tab of tabs) {
      const selected = tab.dataset.role === role;
      tab.setAttribute("aria-selected", String(selected));
      tab.tabIndex = selected ? 0 : -1;
      document.getElementById(tab.getAttribute("aria-controls")).hidden = !selected;
      if (selected && focus) tab.focus();
    }
  }

  for (const tab of tabs) {
    tab.addEventListener("click", () => {
      const role = tab.dataset.role;
      showTab(role, false);
      const pick = lastPicked[role] || people.find((b) => b.dataset.role === role);
      if (pick) select(role, pick.dataset.id);
    });
    tab.addEventListener("keydown", (event) => {
      if (event.key !== "ArrowLeft" && event.key !== "ArrowRight") return;
      event.preventDefault();
      const index = tabs.indexOf(tab);
      const next = tabs[(index + (event.key === "ArrowRight" ? 1 : tabs.length - 1)) % tabs.length];
      next.click();
      next.focus();
    });
  }

  for (const button of people) {
    button.addEventListener("click", () => {
      select(button.dataset.role, button.dataset.id);
      input.focus();
    });
  }

  // --- picking a person ---------------------------------------------------
  function select(role, id) {
    const button = personButton(role, id);
    if (!button) return;
    for (const b of people) b.setAttribute("aria-pressed", String(b === button));
    lastPicked[role] = button;
    showTab(role, false);
    state.generation += 1;
    state.role = role;
    state.id = String(id);
    state.name = button.dataset.name;
    state.first = button.dataset.first || state.name;
    state.cursor = 0;
    state.seen = new Set();
    chat.replaceChildren();
    status.textContent = "";
    error.textContent = "";
    title.textContent = state.name;
    sub.textContent = role === "senior"
      ? "Du skriver som " + state.first + " (senior). Hejsans meddelanden syns till vänster, dina till höger."
      : "Du skriver som " + state.first + " (volontär). Larm från Hejsan syns till vänster, dina svar till höger.";
    label.textContent = "Meddelande från " + state.first;
    input.disabled = false;
    sendButton.disabled = false;
    examples.hidden = role !== "senior";
    history.replaceState(null, "", "#" + role + "-" + state.id);
    showEmpty(true);
    poll();
  }

  function showEmpty(empty) {
    chatEmpty.hidden = !empty;
    if (!empty) return;
    chatEmpty.textContent = state.role === "senior"
      ? "Inga meddelanden än. Skriv något som " + state.first + ", till exempel ”Hej” eller ”ring mig”."
      : "Inga larm än. När en senior ber om kontakt kommer larmet hit.";
  }

  // --- drawing messages ---------------------------------------------------
  function nearBottom() {
    return chat.scrollHeight - chat.scrollTop - chat.clientHeight < 80;
  }

  function messageItem(message) {
    const item = document.createElement("li");
    item.className = "msg " + (message.direction === "in" ? "in" : "out");
    if (message.kind === "alert") item.classList.add("alert");
    if (message.status === "failed") item.classList.add("failed");
    item.dataset.id = String(message.id);

    const bubble = document.createElement("div");
    bubble.className = "bubble";
    if (message.text === "") {
      bubble.classList.add("blank");
      bubble.textContent = "(tomt meddelande)";
    } else {
      bubble.textContent = message.text;
    }
    item.appendChild(bubble);

    if (message.buttons.length) {
      const chips = document.createElement("div");
      chips.className = "chips";
      chips.setAttribute("role", "group");
      chips.setAttribute("aria-label", "Svarsknappar");
      for (const b of message.buttons) {
        const chip = document.createElement("button");
        chip.type = "button";
        chip.className = "chip";
        chip.textContent = b.label;
        if (b.value !== b.label) chip.title = "Skickar: " + b.value;
        chip.addEventListener("click", () => send(b.value));
        chips.appendChild(chip);
      }
      item.appendChild(chips);
    }

    const when = document.createElement("span");
    when.className = "when";
    const sender = message.direction === "in" ? state.name : "Hejsan";
    when.textContent = message.status === "failed"
      ? sender + " · " + message.time + " · kunde inte skickas"
      : sender + " · " + message.time;
    item.appendChild(when);
    return item;
  }

  function render(data) {
    const stick = nearBottom() || state.seen.size === 0;
    let added = 0;
    for (const message of data.messages) {
      if (state.seen.has(message.id)) continue;
      state.seen.add(message.id);
      chat.appendChild(messageItem(message));
      added += 1;
    }
    state.cursor = data.cursor;
    showEmpty(state.seen.size === 0 && data.pending.length === 0);
    if (added && stick) chat.scrollTop = chat.scrollHeight;

    const pending = data.pending;
    if (!pending.length) {
      status.textContent = "";
    } else if (pending.some((p) => p.due_now)) {
      status.textContent = "Hejsan skriver …";
    } else {
      status.textContent = "Ett meddelande från Hejsan väntar till " + pending[0].due_text
        + " (tysta timmar: inga utskick på natten).";
    }
  }

  // --- polling ------------------------------------------------------------
  async function poll() {
    clearTimeout(state.timer);
    if (state.role === null) return;
    const generation = state.generation;
    let delay = POLL_MS;
    try {
      const url = "/simulator/api/conversation/" + state.role + "/" + encodeURIComponent(state.id)
        + "?after=" + state.cursor;
      const response = await fetch(url, { headers: { Accept: "application/json" } });
      if (generation !== state.generation) return;
      if (!response.ok) throw new Error(await reason(response));
      render(await response.json());
    } catch (problem) {
      if (generation !== state.generation) return;
      status.textContent = "Får ingen kontakt med Hejsan just nu, försöker igen … (" + problem.message + ")";
      delay = SLOW_POLL_MS;
    }
    if (document.hidden) delay = SLOW_POLL_MS;
    state.timer = setTimeout(poll, delay);
  }

  async function reason(response) {
    try {
      const body = await response.json();
      if (body.error) return body.error;
      if (body.detail) return typeof body.detail === "string" ? body.detail : "ogiltig begäran";
    } catch (_) { /* not JSON */ }
    return "HTTP " + response.status;
  }

  // --- sending --------------------------------------------------------------
  async function send(text) {
    if (state.role === null) return;
    error.textContent = "";
    const generation = state.generation;
    sendButton.disabled = true;
    try {
      const headers = { "Content-Type": "application/json", Accept: "application/json" };
      // On the practice copy (real channels configured) the console session's token.
      const csrf = document.querySelector('meta[name="csrf-token"]');
      if (csrf) headers["X-CSRF-Token"] = csrf.content;
      const response = await fetch("/simulator/api/send", {
        method: "POST",
        headers: headers,
        body: JSON.stringify({ role: state.role, id: Number(state.id), text: text }),
      });
      if (!response.ok) {
        error.textContent = "Kunde inte skicka: " + (await reason(response));
        return false;
      }
      if (generation === state.generation) poll();
      return true;
    } catch (problem) {
      error.textContent = "Kunde inte skicka: " + problem.message;
      return false;
    } finally {
      sendButton.disabled = false;
    }
  }

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = input.value;
    if (await send(text)) {
      input.value = "";
    }
    input.focus();
  });

  for (const example of document.querySelectorAll("button.example")) {
    example.addEventListener("click", () => {
      input.value = example.dataset.text;
      input.focus();
    });
  }

  document.addEventListener("visibilitychange", () => {
    if (!document.hidden && state.role !== null) poll();
  });

  // --- start: the person in the address (#senior-2), else the first senior ---
  const match = /^#(senior|volunteer)-(\d+)$/.exec(location.hash);
  const start = (match && personButton(match[1], match[2])) || people[0];
  if (start) select(start.dataset.role, start.dataset.id);
})();
