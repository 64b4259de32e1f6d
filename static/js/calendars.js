// The calendar's behaviour: redraw a month-grid entry after registering from the side panel, and copy feed links.
(function () {
  "use strict";
  if (window.qcbdCalendars) return; // a history restore may run this file again
  window.qcbdCalendars = true;

  // events' seat box answers with HX-Trigger "seats-changed" {event: id}: the grid's entry shows the new state.
  document.body.addEventListener("seats-changed", function (event) {
    var id = event.detail && event.detail.event;
    if (!id || !window.htmx) return;
    document.querySelectorAll('[data-cal-event="' + id + '"][data-chip-url]').forEach(function (chip) {
      window.htmx.ajax("GET", chip.dataset.chipUrl, { target: chip, swap: "outerHTML" });
    });
  });

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button) return;
    var field = document.querySelector(button.dataset.copy);
    field.select();
    var done = function () { button.textContent = "已复制"; };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).then(done, function () { document.execCommand("copy"); done(); });
    } else {
      document.execCommand("copy");
      done();
    }
  });
})();
