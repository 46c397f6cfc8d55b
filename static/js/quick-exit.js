/* Quick exit that keeps its promise.
   The site keeps ONE history entry for the whole visit: links and GET forms inside the site
   navigate with location.replace, so the quick exit (button or Esc three times), which replaces
   that one entry with a neutral page, leaves no page of the site in Back or Forward.
   The entry before the site (a search engine, say) stays: no page can remove it.
   Left to the browser: other hosts, downloads (download attribute, files such as PDFs), new tabs
   (target, modifier keys, middle click) and POST forms. In-page jumps (#main) also use
   location.replace, which scrolls and moves focus as a click would but adds no entry.
   Without JavaScript every link works as usual (and the page says what quick exit then does). */
(function () {
    "use strict";
    var PRESSES = 3;
    var WINDOW_MS = 2000;
    var presses = [];
    var exited = false;

    function leave(url) {
        exited = true;
        try {
            document.body.style.display = "none"; // hide the page at once, before the network answers
        } catch (e) { /* body not ready */ }
        window.location.replace(url);
    }

    function exitUrl() {
        var link = document.querySelector("[data-quick-exit]");
        return link ? link.getAttribute("href") : "about:blank";
    }

    function inSite(url) {
        return url.origin === window.location.origin;
    }

    function isFile(url) {
        // Pages end with "/": a last segment with a dot is a file (PDF, calendar, feed...).
        return /\.[a-z0-9]+$/i.test(url.pathname);
    }

    function opensElsewhere(target) {
        return target && target !== "_self";
    }

    document.addEventListener("click", function (event) {
        var link = event.target.closest && event.target.closest("a[href]");
        if (!link) { return; }
        if (link.hasAttribute("data-quick-exit")) {
            event.preventDefault();
            leave(link.getAttribute("href"));
            return;
        }
        if (event.defaultPrevented || event.button !== 0 || event.ctrlKey || event.metaKey ||
            event.shiftKey || event.altKey || link.hasAttribute("download") ||
            opensElsewhere(link.getAttribute("target"))) {
            return;
        }
        var url = new URL(link.href);
        if (!inSite(url) || isFile(url)) { return; }
        event.preventDefault();
        window.location.replace(url.href);
    });

    document.addEventListener("submit", function (event) {
        var form = event.target;
        var by = event.submitter;
        var method = by && by.hasAttribute("formmethod") ? by.formMethod : form.method;
        var target = by && by.hasAttribute("formtarget") ? by.formTarget : form.getAttribute("target");
        if (event.defaultPrevented || method !== "get" || opensElsewhere(target)) { return; }
        var url = new URL(by && by.hasAttribute("formaction") ? by.formAction : form.action);
        if (!inSite(url)) { return; }
        // What the browser would build for a GET form: the action with the fields as its query.
        url.search = new URLSearchParams(new FormData(form, by || null)).toString();
        event.preventDefault();
        window.location.replace(url.href);
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

    // A page shown again from the back-forward cache keeps this script's state: forget old Esc
    // presses, and if she had already left from this page, leave again before it can be read.
    window.addEventListener("pageshow", function (event) {
        if (!event.persisted) { return; }
        presses = [];
        if (exited) { leave(exitUrl()); }
    });
})();
