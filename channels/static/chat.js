// Progressive enhancement of the page: without this file every form posts and the page comes back.
// With it, messages go to the JSON API and answers are added to the live log; display choices apply at once.
(function () {
  "use strict";

  const printButton = document.getElementById("print");
  if (printButton) {
    printButton.hidden = false;
    printButton.addEventListener("click", () => window.print());
  }

  // Text size and high contrast: change the page now and remember the choice in a cookie.
  const displayForm = document.getElementById("display-form");
  if (displayForm) {
    displayForm.addEventListener("submit", (event) => {
      const button = event.submitter;
      if (!button) return;
      event.preventDefault();
      const root = document.body;
      if (button.name === "theme") {
        const contrast = button.value === "contrast";
        root.classList.toggle("theme-contrast", contrast);
        root.classList.toggle("theme-default", !contrast);
        button.setAttribute("aria-pressed", String(contrast));
        button.value = contrast ? "default" : "contrast";
        remember("theme", contrast ? "contrast" : "default");
      } else {
        for (const size of displayForm.querySelectorAll('button[name="text_size"]')) {
          root.classList.toggle("size-" + size.value, size === button);
          size.setAttribute("aria-pressed", String(size === button));
        }
        remember("text_size", button.value);
      }
    });
  }

  function remember(name, value) {
    document.cookie = name + "=" + value + "; max-age=31536000; path=/; samesite=lax";
  }

  const form = document.getElementById("chat-form");
  if (!form || !window.fetch) return;
  const input = document.getElementById("message");
  const messages = document.getElementById("messages");
  const choices = document.getElementById("choices");
  const error = document.getElementById("message-error");
  const summaryForm = document.getElementById("summary-form");
  let language = document.documentElement.lang;
  let busy = false;

  function addMessage(who, text, lang) {
    const item = document.createElement("li");
    item.className = who;
    const label = document.createElement("span");
    label.className = "who";
    label.textContent = who === "user" ? form.dataset.you : form.dataset.bot;
    const body = document.createElement("span");
    body.className = "text";
    body.lang = lang;
    body.textContent = text;
    item.append(label, " ", body);
    messages.append(item); // one addition to the live log: read out once
    item.scrollIntoView({ block: "nearest" });
    return item;
  }

  function showChoices(buttons) {
    for (const old of choices.querySelectorAll("button")) old.remove();
    for (const b of buttons) {
      const button = document.createElement("button");
      button.type = "submit";
      button.name = "text";
      button.value = b.payload;
      button.textContent = b.title;
      choices.append(button);
    }
    choices.hidden = buttons.length === 0;
  }

  function showError(message) {
    error.textContent = message;
    if (message) input.setAttribute("aria-invalid", "true");
    else input.removeAttribute("aria-invalid");
  }

  function setConversation(id) {
    for (const field of document.querySelectorAll('input[name="conversation_id"]')) field.value = id;
    if (summaryForm) summaryForm.hidden = !id;
  }

  async function send(text, shown, typed) {
    busy = true;
    showError("");
    const mine = shown.trim() ? addMessage("user", shown.trim(), language) : null;
    if (typed) input.value = "";
    let body;
    try {
      const response = await fetch("/api/messages", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({
          conversation_id: form.elements.conversation_id.value || null,
          text: text,
          language: form.elements.language.value || null,
        }),
      });
      body = await response.json();
    } catch (e) {
      body = { error: { message: form.dataset.error } };
    }
    busy = false;
    if (body.error) {
      if (mine) mine.remove();
      if (body.error.code === "unknown_conversation") setConversation("");
      if (typed) input.value = text;
      showError(body.error.message);
      input.focus();
      return;
    }
    setConversation(body.conversation_id);
    form.elements.language.value = "";
    const offered = [];
    for (const m of body.messages) {
      if (m.data && m.data.language) language = m.data.language;
      if (m.data && m.data.error === "unavailable" && typed) input.value = text;
      if (m.text) addMessage("bot", m.text, language);
      offered.push(...(m.buttons || []));
    }
    showChoices(offered);
    input.focus();
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (busy) return;
    const choice = event.submitter && event.submitter.name === "text" ? event.submitter : null;
    if (choice) send(choice.value, choice.textContent, false);
    else send(input.value, input.value, true);
  });
})();
