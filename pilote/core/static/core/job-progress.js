// Progress of a background job: fetch the status part of the page every 1.5 s and put it in
// place until the job ends. An external file, because the CSP forbids inline scripts.
(function () {
  "use strict";
  var region = document.querySelector("[data-job-poll]");
  if (!region) return;
  var url = region.getAttribute("data-job-poll");
  region.querySelectorAll(".pilote-nojs").forEach(function (element) { element.hidden = true; });

  function finished() {
    return region.querySelector("[data-job-finished]") !== null;
  }

  function poll() {
    if (finished()) return;
    fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (html !== null) {
          region.innerHTML = html;
          region.querySelectorAll(".pilote-nojs").forEach(function (element) { element.hidden = true; });
        }
        window.setTimeout(poll, 1500);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 1000);
})();
