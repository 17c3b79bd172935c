// "My files": poll the status of exports still being made and show their progress and link.
(function () {
  "use strict";
  var INTERVAL = 2000;

  function poll(row) {
    var url = row.getAttribute("data-status-url");
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.json();
      })
      .then(function (job) {
        var status = row.querySelector("[data-role=status]");
        var bar = row.querySelector("[data-role=bar]");
        if (status) status.textContent = job.status_display;
        if (bar) {
          bar.style.width = job.progress + "%";
          bar.parentNode.setAttribute("aria-valuenow", job.progress);
        }
        if (!job.finished) {
          window.setTimeout(function () { poll(row); }, INTERVAL);
          return;
        }
        if (bar) bar.parentNode.remove();
        if (job.download_url) {
          var link = row.querySelector("a[data-role=download]");
          var name = row.querySelector("[data-role=name]");
          link.href = job.download_url;
          link.classList.remove("d-none");
          if (name) name.remove();
        } else if (job.error) {
          var error = document.createElement("div");
          error.className = "small text-danger";
          error.textContent = job.error;
          status.parentNode.appendChild(error);
        }
      })
      .catch(function () {
        window.setTimeout(function () { poll(row); }, INTERVAL * 5);
      });
  }

  document.querySelectorAll("tr[data-status-url]").forEach(poll);
})();
