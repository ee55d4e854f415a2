// Progressive enhancement of the chat form: send with fetch, show answers in the live log.
(function () {
  "use strict";
  const form = document.getElementById("chat-form");
  const input = document.getElementById("message");
  const log = document.getElementById("log");
  const status = document.getElementById("status");
  const pageLang = form.dataset.lang;
  let conversationId = sessionStorage.getItem("conversation_id");
  let language = sessionStorage.getItem("language") || pageLang;
  // The page's own language switch also switches the conversation, with the next message.
  let requestedLanguage = language !== pageLang || !conversationId ? pageLang : null;
  language = pageLang;

  function addMessage(who, text, lang, buttons) {
    const item = document.createElement("li");
    item.className = who === "user" ? "user" : "bot";
    item.lang = lang;
    const label = document.createElement("span");
    label.className = "who";
    label.textContent = who === "user" ? form.dataset.you : form.dataset.bot;
    const body = document.createElement("span");
    body.textContent = text;
    item.append(label, body);
    if (buttons && buttons.length) {
      const choices = document.createElement("div");
      choices.className = "choices";
      for (const b of buttons) {
        const button = document.createElement("button");
        button.type = "button";
        button.textContent = b.title;
        button.addEventListener("click", () => send(b.title, b.payload));
        choices.append(button);
      }
      item.append(choices);
    }
    log.append(item);
    item.scrollIntoView({ block: "nearest" });
  }

  async function send(shown, text) {
    addMessage("user", shown, language);
    status.textContent = "";
    try {
      const response = await fetch("/api/messages", {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({ conversation_id: conversationId, text: text, language: requestedLanguage }),
      });
      const body = await response.json();
      if (body.error) { status.textContent = body.error.message; return; }
      requestedLanguage = null;
      conversationId = body.conversation_id;
      sessionStorage.setItem("conversation_id", conversationId);
      for (const m of body.messages) {
        if (m.data && m.data.language) { language = m.data.language; sessionStorage.setItem("language", language); }
        if (m.text) addMessage("bot", m.text, language, m.buttons);
      }
    } catch (e) {
      status.textContent = form.dataset.error;
    }
    input.focus();
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = input.value.trim();
    if (!text) return;
    input.value = "";
    send(text, text);
  });
})();
