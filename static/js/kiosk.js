// The kiosk tablet. One always-focused field takes a USB scanner's code + Enter, or a name to search;
// answers come back as HTML from the server and are shown in big type.
//
// Never lose or double a sign-in: every request gets a one-time key; requests wait in a queue that is
// kept in localStorage, and one that gets no answer (network down, server error) stays at the head
// of the queue, is shown as "未确认" and is sent again with the same key until the server answers.
// The server stores each answer under its key, so a retry that did arrive the first time is answered
// the same and stores nothing new.
(function () {
  "use strict";
  // A link that is not open yet waits on its own page and reloads itself until signing in opens.
  var waiting = document.querySelector("[data-reload-after]");
  if (waiting) {
    var seconds = parseInt(waiting.getAttribute("data-reload-after"), 10) || 30;
    window.setTimeout(function () { window.location.reload(); }, seconds * 1000);
  }

  var root = document.getElementById("kiosk");
  if (!root) return;

  var field = document.getElementById("kiosk-field");
  var answerBox = document.getElementById("kiosk-answer");
  var namesBox = document.getElementById("kiosk-names");
  var pendingBox = document.getElementById("kiosk-pending");
  var data = root.dataset;
  var minChars = parseInt(data.minChars, 10) || 2;
  var storeKey = "qcbd-kiosk-queue:" + data.kioskId;
  var idleHTML = answerBox.innerHTML;

  var queue = load();
  var sending = false;
  var retryDelay = 1000;
  var idleTimer = null;
  var searchTimer = null;
  var searchSeq = 0;
  var countdownTimer = null;

  // Keys: 32 hex characters from the browser's random source (crypto.randomUUID needs HTTPS; an intranet
  // tablet may well be on plain HTTP, where getRandomValues still works).
  function newKey() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function load() {
    try { return JSON.parse(window.localStorage.getItem(storeKey) || "[]"); } catch (e) { return []; }
  }

  function save() {
    try { window.localStorage.setItem(storeKey, JSON.stringify(queue)); } catch (e) { /* private mode: memory only */ }
  }

  function looksLikeCode(text) {
    return /\d/.test(text);
  }

  function setAnswer(html, holdMs) {
    answerBox.innerHTML = html;
    window.clearTimeout(idleTimer);
    idleTimer = window.setTimeout(function () {
      answerBox.innerHTML = idleHTML;
      window.clearInterval(countdownTimer);
    }, holdMs || 10000);
    startCountdown();
  }

  function simpleAnswer(kind, title, detail) {
    var box = document.createElement("div");
    box.className = "answer answer-" + kind;
    box.dataset.outcome = kind;
    var t = document.createElement("p");
    t.className = "answer-title";
    t.textContent = title;
    box.appendChild(t);
    if (detail) {
      var d = document.createElement("p");
      d.className = "answer-detail";
      d.textContent = detail;
      box.appendChild(d);
    }
    return box.outerHTML;
  }

  function showPending() {
    var waiting = queue.length - (sending ? 1 : 0);
    if (waiting > 0 && queue.length > 1) {
      pendingBox.textContent = data.msgQueued.replace("{n}", String(queue.length - 1));
      pendingBox.hidden = false;
    } else {
      pendingBox.hidden = true;
    }
  }

  function startCountdown() {
    window.clearInterval(countdownTimer);
    var button = answerBox.querySelector("[data-undo]");
    if (!button) return;
    var left = parseInt(button.dataset.seconds, 10) || 0;
    var label = button.querySelector("[data-countdown]");
    countdownTimer = window.setInterval(function () {
      left -= 1;
      if (left <= 0) {
        window.clearInterval(countdownTimer);
        button.remove();
      } else if (label) {
        label.textContent = String(left);
      }
    }, 1000);
  }

  function refreshCount() {
    if (window.htmx) window.htmx.trigger("#kiosk-count", "kiosk-refresh");
  }

  function enqueue(url, fields, label) {
    queue.push({ url: url, fields: fields, key: newKey(), label: label || "" });
    save();
    if (!sending) setAnswer(simpleAnswer("pending", data.msgSending, label), 15000);
    showPending();
    pump();
  }

  function pump() {
    if (sending || !queue.length) return;
    sending = true;
    var item = queue[0];
    var body = new URLSearchParams(item.fields);
    body.set("key", item.key);
    var controller = new AbortController();
    var timer = window.setTimeout(function () { controller.abort(); }, 8000);
    window.fetch(item.url, {
      method: "POST",
      body: body,
      headers: { "X-CSRFToken": data.csrf },
      credentials: "same-origin",
      signal: controller.signal,
    }).then(function (response) {
      window.clearTimeout(timer);
      if (response.status >= 500) throw new Error("server " + response.status);
      return response.text().then(function (html) { return { status: response.status, html: html }; });
    }).then(function (result) {
      sending = false;
      retryDelay = 1000;
      var answered = result.html.indexOf("data-outcome") !== -1;
      if (!answered) {
        // Not a kiosk answer: the CSRF token was refused (session cookie lost) or the link is gone.
        // Nothing was stored; reload to get a fresh page and token. The queue survives the reload.
        setAnswer(simpleAnswer("error", data.msgStale), 5000);
        window.setTimeout(function () { window.location.reload(); }, 1500);
        return;
      }
      queue.shift();
      save();
      setAnswer(result.html);
      showPending();
      refreshCount();
      if (answerBox.querySelector('[data-outcome="closed"]')) {
        window.setTimeout(function () { window.location.reload(); }, 5000);
      }
      pump();
    }).catch(function () {
      window.clearTimeout(timer);
      sending = false;
      setAnswer(simpleAnswer("unconfirmed", data.msgUnconfirmed + (item.label ? "：" + item.label : ""), data.msgRetrying), 60000);
      showPending();
      window.setTimeout(pump, retryDelay);
      retryDelay = Math.min(retryDelay * 2, 15000);
    });
  }

  function clearNames() {
    searchSeq += 1;
    namesBox.innerHTML = "";
  }

  function search(text) {
    var seq = ++searchSeq;
    window.fetch(data.searchUrl + "?q=" + encodeURIComponent(text), { credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (html) { if (seq === searchSeq) namesBox.innerHTML = html; })
      .catch(function () { /* the next keystroke searches again */ });
  }

  field.addEventListener("input", function () {
    window.clearTimeout(searchTimer);
    var text = field.value.trim();
    if (text.length < minChars || looksLikeCode(text)) {
      clearNames();
      return;
    }
    searchTimer = window.setTimeout(function () { search(text); }, 250);
  });

  field.addEventListener("keydown", function (event) {
    if (event.key !== "Enter") return;
    event.preventDefault();
    var text = field.value.trim();
    window.clearTimeout(searchTimer);
    if (!text) return;
    if (looksLikeCode(text)) {
      field.value = "";
      clearNames();
      enqueue(data.signInUrl, { code: text }, "");
    } else if (text.length >= minChars) {
      search(text);
    }
  });

  document.addEventListener("click", function (event) {
    var person = event.target.closest("[data-staff-id]");
    if (person) {
      enqueue(data.signInUrl, { staff_id: person.dataset.staffId }, person.dataset.name);
      field.value = "";
      clearNames();
    }
    var undo = event.target.closest("[data-undo]");
    if (undo) {
      undo.disabled = true;
      enqueue(data.undoUrl, { request: undo.dataset.undo }, "");
    }
    field.focus({ preventScroll: true });
  });

  // The field keeps the focus, so the scanner's keystrokes always land in it.
  document.addEventListener("focusout", function () {
    window.setTimeout(function () {
      if (document.activeElement !== field) field.focus({ preventScroll: true });
    }, 50);
  });

  window.addEventListener("online", pump);
  window.addEventListener("offline", function () { pendingBox.textContent = data.msgOffline; pendingBox.hidden = false; });

  field.focus();
  if (queue.length) pump();  // requests left unanswered before a reload go out again, with their keys
})();
