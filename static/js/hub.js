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

  document.addEventListener("click", function (event) {
    var closer = event.target.closest("[data-hub-dismiss-error]");
    if (closer) {
      closer.closest("#hub-live-errors").hidden = true;
    }
  });
})();
