vcl 4.1;

# Varnish in front of the site's gunicorn (Debian 12: varnish 7.1).
#
# What it keeps: public pages, for exactly as long as the application's `s-maxage` says (the
# application sends it only on pages that cannot be personal, never more than 10 minutes and never
# past local midnight), and /static/ files. Everything else goes to the application every time.
#
# How it is emptied: the application sends one `BAN` request after every change that can alter a
# public page (a consent withdrawn, a story published, a helpline edited...), after the change is
# committed and before the leader's request returns; that bans every stored object at once.
# Wagtail's own per-page `PURGE` requests are accepted as well. Both only from the `purgers` list.
#
# Run: varnishd -a :6081 -f /etc/varnish/default.vcl -s malloc,256m
# Behind a TLS terminator (hitch, nginx), have it speak the PROXY protocol (`-a :6086,PROXY`) so
# that client.ip is the reader's address and not the terminator's: otherwise every request would
# come from 127.0.0.1 and anyone could send a BAN through it.

# The application server. The one line an operator edits: its address and port.
backend default { .host = "127.0.0.1"; .port = "8000"; .connect_timeout = 5s; .first_byte_timeout = 60s; }

# Who may send BAN/PURGE: this machine. Add each application server that is not on this machine,
# one line each, an address or a network, e.g. "10.0.0.12"; or "10.0.0.0"/24;
acl purgers {
    "127.0.0.1";
    "::1";
}

sub vcl_recv {
    if (req.method == "BAN" || req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "Not allowed"));
        }
        if (req.method == "BAN") {
            # Everything, every host: one request, matched without looking at URLs (the ban
            # lurker can clear it in the background).
            ban("obj.status != 0");
            return (synth(200, "Banned"));
        }
        # Wagtail's per-page purge (HTTPBackend): that URL on every host and scheme.
        ban("obj.http.x-url == " + req.url);
        return (synth(200, "Purged"));
    }

    # Only reading can be shared.
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }

    # Static files (CSS, JS, icons) are the same for everyone: a cookie sent with them changes
    # nothing, so it is dropped and the file cached.
    if (req.url ~ "^/static/") {
        unset req.http.Cookie;
        return (hash);
    }

    # The same rule as the application's page cache (caching/middleware.py): any cookie or any
    # Authorization header may make the page personal, so it goes to the application. An empty
    # Cookie header counts as none.
    if (req.http.Cookie ~ "^\s*$") {
        unset req.http.Cookie;
    }
    if (req.http.Cookie || req.http.Authorization) {
        return (pass);
    }

    # The admin, Django's admin if ever added, documents (served after a permission check),
    # Wagtail's /_util/ screens (page passwords) and the health check are never shared.
    if (req.url ~ "^/(admin|django-admin|documents|health)(/|\?|$)" || req.url ~ "^[^?]*/_util/") {
        return (pass);
    }

    # Everything else (pages, feeds, sitemap, /media/) is looked up; what is stored is decided by
    # the application's answer in vcl_backend_response.
    return (hash);
}

sub vcl_hash {
    # http and https answers differ (the application redirects http to https).
    hash_data(req.http.X-Forwarded-Proto);
}

sub uncacheable {
    # Hit-for-miss: requests for this URL skip the queue and go to the application for two
    # minutes (or until the next ban), and a later answer that may be stored is stored.
    set beresp.uncacheable = true;
    set beresp.ttl = 120s;
}

sub vcl_backend_fetch {
    # A copy that will be shared is fetched without the address of the reader who happened to
    # ask first: the application does not need it for a public page. (Passed requests keep it:
    # the admin's sign-in lockout counts failures per address.)
    if (!bereq.uncacheable) {
        unset bereq.http.X-Forwarded-For;
    }
}

sub vcl_backend_response {
    # No grace, no keep: a withdrawn story must never be served stale, not even for a moment
    # while a fresh copy is fetched. A banned or expired object is gone at once.
    set beresp.grace = 0s;
    set beresp.keep = 0s;
    # For Wagtail's per-page PURGE (a ban on this header), removed again in vcl_deliver.
    set beresp.http.x-url = bereq.url;

    if (bereq.uncacheable) {
        return (deliver);
    }
    # Never stored: anything setting a cookie or marked private/no-store/no-cache, anything that
    # varies on more than the language or the compression, anything but a full answer.
    if (beresp.http.Set-Cookie
        || beresp.http.Cache-Control ~ "(?i)(private|no-store|no-cache)"
        || (beresp.http.Vary && beresp.http.Vary !~ "^(?i)\s*(accept-encoding|accept-language)(\s*,\s*(accept-encoding|accept-language))*\s*$")) {
        call uncacheable;
        return (deliver);
    }
    if (bereq.url ~ "^/static/") {
        if (beresp.status != 200 || beresp.ttl <= 0s) {
            call uncacheable;
            return (deliver);
        }
        return (deliver);
    }
    # Pages: only what the application explicitly lets a shared cache keep (s-maxage), and only
    # a page or a withdrawn story's 410, for the time it says (Varnish reads s-maxage itself).
    if (beresp.http.Cache-Control !~ "(?i)(^|[ ,])s-maxage=[1-9]"
        || (beresp.status != 200 && beresp.status != 410)) {
        call uncacheable;
        return (deliver);
    }
    return (deliver);
}

sub vcl_deliver {
    # For operators only (the purgers' addresses): was this answer stored here? A reader is not
    # told: a hit, like the copy's age, would say that someone else read this page minutes ago.
    # Varnish's own transaction ids are removed as well.
    if (client.ip ~ purgers) {
        if (obj.hits > 0) {
            set resp.http.X-Cache = "HIT";
        } else {
            set resp.http.X-Cache = "MISS";
        }
    }
    unset resp.http.x-url;
    unset resp.http.X-Varnish;
    unset resp.http.Via;
    if (req.url !~ "^/static/") {
        unset resp.http.Age;
    }
}

sub vcl_synth {
    # A short plain answer instead of Varnish's page (which names the software and a request id).
    set resp.http.Content-Type = "text/plain; charset=utf-8";
    set resp.body = resp.reason + {"
"};
    unset resp.http.X-Varnish;
    return (deliver);
}

sub vcl_backend_error {
    set beresp.http.Content-Type = "text/plain; charset=utf-8";
    set beresp.body = {"Service unavailable
"};
    unset beresp.http.X-Varnish;
    return (deliver);
}
