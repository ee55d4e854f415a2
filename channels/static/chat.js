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

  // Voice: "Lyssna" on each answer, reading new answers aloud, and Alt+L to hear the latest again.
  const voiceControls = document.getElementById("voice-controls");
  const autoread = document.getElementById("autoread");
  let latest = null;
  let playing = null;
  if (voiceControls) voiceControls.hidden = false;
  if (autoread) autoread.checked = localStorage.getItem("autoread") === "1";
  if (autoread) autoread.addEventListener("change", () => localStorage.setItem("autoread", autoread.checked ? "1" : "0"));

  function speak(text, lang) {
    if (playing) playing.pause();
    playing = new Audio("/api/tts?" + new URLSearchParams({ text: text, lang: lang, format: "mp3" }));
    playing.play().catch(() => {}); // a browser may refuse to play; the text is still on the page
  }

  // "Tala": record, turn the recording into text on the server, and send what was heard. Shown only
  // when the server has speech-to-text and the browser can record.
  const talk = document.getElementById("talk");
  let recorder = null;
  if (talk && navigator.mediaDevices && window.MediaRecorder) {
    fetch("/api/stt")
      .then((r) => r.json())
      .then((s) => { talk.hidden = !s.available; })
      .catch(() => {});
    talk.addEventListener("click", async () => {
      if (recorder) { recorder.stop(); return; }
      let stream;
      try { stream = await navigator.mediaDevices.getUserMedia({ audio: true }); } catch (e) { return; }
      const chunks = [];
      recorder = new MediaRecorder(stream);
      recorder.ondataavailable = (e) => chunks.push(e.data);
      recorder.onstop = async () => {
        stream.getTracks().forEach((t) => t.stop());
        recorder = null;
        talk.textContent = form.dataset.talk;
        talk.setAttribute("aria-pressed", "false");
        try {
          const response = await fetch("/api/stt?lang=" + language, { method: "POST", body: new Blob(chunks) });
          const result = await response.json();
          if (result.error) showError(result.error.message);
          else if (result.text) send(result.text, result.text, false);
        } catch (e) {
          showError(form.dataset.error);
        }
      };
      recorder.start();
      talk.textContent = form.dataset.stop;
      talk.setAttribute("aria-pressed", "true");
    });
  }

  document.addEventListener("keydown", (event) => {
    if (event.altKey && (event.key === "l" || event.key === "L") && latest) {
      event.preventDefault();
      speak(latest.text, latest.lang);
    }
  });

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
    if (who === "bot") {
      const listen = document.createElement("button");
      listen.type = "button";
      listen.className = "listen quiet";
      listen.textContent = form.dataset.listen;
      listen.addEventListener("click", () => speak(text, lang));
      item.append(" ", listen);
      latest = { text: text, lang: lang };
    }
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

  // A message the assistant could not answer yet keeps its id: sent again, it is never handled twice.
  let pending = null;
  function messageId(text) {
    if (pending && pending.text === text) return pending.id;
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    return Date.now().toString(36) + "-" + Math.random().toString(36).slice(2);
  }

  async function send(text, shown, typed) {
    busy = true;
    const id = messageId(text);
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
          message_id: id,
        }),
      });
      body = await response.json();
    } catch (e) {
      body = { error: { message: form.dataset.error } };
    }
    busy = false;
    pending = body.error || (body.messages || []).some((m) => m.data && m.data.error === "unavailable")
      ? { text: text, id: id } : null;
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
    if (autoread && autoread.checked) {
      const said = body.messages.map((m) => m.text).filter(Boolean).join(" ");
      if (said) speak(said, language);
    }
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
