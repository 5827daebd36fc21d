// Landscape Hub: small page behaviours shared by every page.
(function () {
  "use strict";

  // HTMX leaves the page unchanged when a request fails; tell the person what happened.
  function announce(text) {
    var region = document.getElementById("hub-live-errors");
    if (!region) {
      return;
    }
    region.querySelector("[data-hub-error-text]").textContent = text;
    region.hidden = false;
  }

  document.addEventListener("htmx:responseError", function (event) {
    var region = document.getElementById("hub-live-errors");
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    var key = status === 403 ? "forbidden" : status === 404 ? "notFound" : "failed";
    announce(region ? region.dataset[key] : "");
  });

  document.addEventListener("htmx:sendError", function () {
    var region = document.getElementById("hub-live-errors");
    announce(region ? region.dataset.offline : "");
  });

  // Forms and buttons with data-confirm ask first (no inline handlers: the CSP forbids them).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var message = (event.submitter && event.submitter.dataset.confirm) || form.dataset.confirm;
    if (message && !window.confirm(message)) {
      event.preventDefault();
    }
  });

  // Tables that scroll sideways on small screens must be reachable with the keyboard.
  function focusableScrollers(root) {
    root.querySelectorAll(".table-responsive:not([tabindex])").forEach(function (region) {
      region.setAttribute("tabindex", "0");
    });
  }
  document.addEventListener("DOMContentLoaded", function () { focusableScrollers(document); });
  document.addEventListener("htmx:afterSwap", function (event) { focusableScrollers(event.target); });

  // Selects with data-auto-submit send their form when changed.
  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("select[data-auto-submit]")) {
      event.target.form.requestSubmit();
    }
  });

  // "Tick all" boxes: data-check-all="<name>" ticks every checkbox with that name.
  document.addEventListener("change", function (event) {
    var name = event.target.dataset && event.target.dataset.checkAll;
    if (name) {
      document.querySelectorAll('input[type=checkbox][name="' + name + '"]').forEach(function (box) {
        box.checked = event.target.checked;
      });
    }
  });

  // Copy buttons: data-copy-target="<input id>", data-copied="<label after copying>".
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy-target]");
    if (!button) {
      return;
    }
    var input = document.getElementById(button.dataset.copyTarget);
    input.select();
    (navigator.clipboard ? navigator.clipboard.writeText(input.value) : Promise.reject())
      .catch(function () { document.execCommand("copy"); })
      .finally(function () { button.textContent = button.dataset.copied; });
  });

  document.addEventListener("click", function (event) {
    var closer = event.target.closest("[data-hub-dismiss-error]");
    if (closer) {
      closer.closest("#hub-live-errors").hidden = true;
    }
  });
})();
