// Behaviour shared by every page. Kept in a file (not inline handlers) so a strict CSP can forbid inline script.
(function () {
  "use strict";
  document.documentElement.classList.replace("no-js", "js");

  document.addEventListener("click", function (event) {
    var toggle = event.target.closest(".nav-toggle");
    if (toggle) {
      var menu = document.getElementById(toggle.getAttribute("aria-controls"));
      var open = menu.classList.toggle("open");
      toggle.setAttribute("aria-expanded", open ? "true" : "false");
      return;
    }

    // The colleague picker: a click on a search result fills the hidden field and shows who was chosen.
    var choice = event.target.closest("[data-pick-id]");
    if (choice) {
      var picker = choice.closest("[data-picker]");
      picker.querySelector("input[type=hidden][data-picked]").value = choice.dataset.pickId;
      var chosen = picker.querySelector(".picker-chosen");
      chosen.textContent = "已选择：" + choice.dataset.pickLabel;
      chosen.hidden = false;
      picker.querySelector(".picker-results").innerHTML = "";
      var search = picker.querySelector("input[type=search]");
      search.value = "";
      picker.dispatchEvent(new CustomEvent("colleague-picked", { bubbles: true, detail: { id: choice.dataset.pickId } }));
    }
  });

  // On a phone the open-lesson week shows two days at a time: open it on today's column, not on Monday's.
  function showToday(root) {
    var wrap = root.querySelector && root.querySelector(".lesson-week-wrap");
    var today = wrap && wrap.querySelector("thead th.lesson-today");
    if (today && wrap.scrollWidth > wrap.clientWidth) {
      wrap.scrollLeft = today.offsetLeft - wrap.querySelector("thead th").offsetWidth;
    }
  }
  document.addEventListener("DOMContentLoaded", function () { showToday(document); });
  document.addEventListener("htmx:afterSettle", function (event) { showToday(event.detail.elt); });

  // Lists that keep themselves up to date (data-live-poll, hx-trigger "every …, live-refresh") skip their refresh
  // while the tab is hidden, and refresh at once when it is shown again.
  document.addEventListener("htmx:beforeRequest", function (event) {
    if (document.hidden && event.detail.elt.hasAttribute("data-live-poll")) event.preventDefault();
  });
  document.addEventListener("visibilitychange", function () {
    if (document.hidden || !window.htmx) return;
    document.querySelectorAll("[data-live-poll]").forEach(function (element) { htmx.trigger(element, "live-refresh"); });
  });

  // A failed htmx request must say so, not silently do nothing.
  document.addEventListener("htmx:responseError", function (event) {
    var box = document.getElementById("htmx-error");
    if (!box) {
      box = document.createElement("p");
      box.id = "htmx-error";
      box.className = "flash flash-error";
      box.setAttribute("role", "alert");
      document.querySelector("main").prepend(box);
    }
    var status = event.detail.xhr.status;
    box.textContent = status === 403 ? "没有权限执行这个操作。" : status === 400 ? "页面已过期，请刷新后重试。" : "操作没有成功，请稍后重试。";
  });
  document.addEventListener("htmx:sendError", function () {
    var box = document.getElementById("htmx-error") || document.createElement("p");
    box.id = "htmx-error";
    box.className = "flash flash-error";
    box.textContent = "网络连接中断，请检查网络后重试。";
    if (!box.parentNode) document.querySelector("main").prepend(box);
  });
})();
