/* Quick exit: replace this page with a neutral site so Back does not return here.
   The link works without JavaScript; this script adds location.replace and "Esc three times". */
(function () {
    "use strict";
    var PRESSES = 3;
    var WINDOW_MS = 2000;
    var presses = [];

    function leave(url) {
        try {
            document.body.style.display = "none"; // hide the page at once, before the network answers
        } catch (e) { /* body not ready */ }
        window.location.replace(url);
    }

    function exitUrl() {
        var link = document.querySelector("[data-quick-exit]");
        return link ? link.getAttribute("href") : "about:blank";
    }

    document.addEventListener("click", function (event) {
        var link = event.target.closest && event.target.closest("[data-quick-exit]");
        if (!link) { return; }
        event.preventDefault();
        leave(link.getAttribute("href"));
    });

    document.addEventListener("keydown", function (event) {
        if (event.key !== "Escape") { return; }
        var now = Date.now();
        presses = presses.filter(function (t) { return now - t < WINDOW_MS; });
        presses.push(now);
        if (presses.length >= PRESSES) {
            presses = [];
            leave(exitUrl());
        }
    });
})();
