/* Drawing the area to hide on a photo (templates/privacy/faces/_face_areas.html).
   A rectangle drawn on the preview with a finger, a pen or the mouse (Pointer Events) fills the
   form's four numbers (per cent of the photo) and is shown as it is drawn; numbers typed in the
   form move it too. Once drawn it can be focused: arrow keys move it, Shift and the arrow keys
   change its size (Alt: in small steps). Without JavaScript the form works with typed numbers,
   and the server checks every area whatever sent it. */
(function () {
    "use strict";
    var FIELDS = ["left", "top", "width", "height"];
    var STEP = 1; // per cent
    var SMALL_STEP = 0.1;

    function clamp(value, low, high) {
        return Math.min(high, Math.max(low, value));
    }

    function rounded(value) {
        return Math.round(value * 100) / 100;
    }

    function setUp(root) {
        var photo = root.querySelector("[data-face-photo]");
        var form = root.querySelector("[data-face-form]");
        if (!photo || !form) {
            return;
        }
        var image = photo.querySelector("img");
        var inputs = {};
        FIELDS.forEach(function (name) {
            inputs[name] = form.querySelector('[data-face-input="' + name + '"]');
        });
        if (FIELDS.some(function (name) { return !inputs[name]; })) {
            return;
        }

        var box = document.createElement("span");
        box.className = "face-area face-area--new";
        box.tabIndex = 0;
        box.setAttribute("role", "img");
        box.setAttribute("aria-label", root.getAttribute("data-new-area-label") || "");
        box.setAttribute("data-face-new-area", "");
        box.hidden = true;
        photo.appendChild(box);
        root.classList.add("face-areas--drawing");
        var hint = root.querySelector("[data-face-draw-hint]");
        if (hint) {
            hint.hidden = false;
        }

        var area = null; // {left, top, width, height} in per cent
        var start = null;
        var before = null;

        function show() {
            if (!area) {
                box.hidden = true;
                return;
            }
            box.hidden = false;
            // Custom properties would do as well; plain properties need no stylesheet support.
            box.style.left = area.left + "%";
            box.style.top = area.top + "%";
            box.style.width = area.width + "%";
            box.style.height = area.height + "%";
        }

        function fillInputs() {
            FIELDS.forEach(function (name) {
                inputs[name].value = area ? String(rounded(area[name])) : "";
            });
        }

        function fromInputs() {
            var values = {};
            var complete = FIELDS.every(function (name) {
                var value = parseFloat(inputs[name].value);
                values[name] = value;
                return isFinite(value);
            });
            area = complete ? {
                left: clamp(values.left, 0, 100),
                top: clamp(values.top, 0, 100),
                width: clamp(values.width, 0, 100 - clamp(values.left, 0, 100)),
                height: clamp(values.height, 0, 100 - clamp(values.top, 0, 100))
            } : null;
            show();
        }

        function point(event) {
            var rect = image.getBoundingClientRect();
            return {
                x: clamp((event.clientX - rect.left) / rect.width * 100, 0, 100),
                y: clamp((event.clientY - rect.top) / rect.height * 100, 0, 100)
            };
        }

        function spanTo(event) {
            var here = point(event);
            area = {
                left: rounded(Math.min(start.x, here.x)),
                top: rounded(Math.min(start.y, here.y)),
                width: rounded(Math.abs(here.x - start.x)),
                height: rounded(Math.abs(here.y - start.y))
            };
            show();
            fillInputs();
        }

        photo.addEventListener("pointerdown", function (event) {
            if (event.pointerType === "mouse" && event.button !== 0) {
                return;
            }
            event.preventDefault();
            before = area;
            start = point(event);
            photo.setPointerCapture(event.pointerId);
            spanTo(event);
        });
        photo.addEventListener("pointermove", function (event) {
            if (start) {
                spanTo(event);
            }
        });
        function finish(event, cancelled) {
            if (!start) {
                return;
            }
            if (!cancelled) {
                spanTo(event);
            }
            start = null;
            if (cancelled || area.width < 0.5 || area.height < 0.5) {
                // A tap or a slip, not a rectangle: keep the area there was.
                area = before;
                show();
                fillInputs();
                return;
            }
            box.focus({ preventScroll: true });
        }
        photo.addEventListener("pointerup", function (event) { finish(event, false); });
        photo.addEventListener("pointercancel", function (event) { finish(event, true); });
        image.addEventListener("dragstart", function (event) { event.preventDefault(); });

        FIELDS.forEach(function (name) {
            inputs[name].addEventListener("input", fromInputs);
        });

        box.addEventListener("keydown", function (event) {
            var moves = {
                ArrowLeft: [-1, 0],
                ArrowRight: [1, 0],
                ArrowUp: [0, -1],
                ArrowDown: [0, 1]
            };
            var move = moves[event.key];
            if (!move || !area) {
                return;
            }
            event.preventDefault();
            var step = event.altKey ? SMALL_STEP : STEP;
            var dx = move[0] * step;
            var dy = move[1] * step;
            if (event.shiftKey) {
                area.width = rounded(clamp(area.width + dx, SMALL_STEP, 100 - area.left));
                area.height = rounded(clamp(area.height + dy, SMALL_STEP, 100 - area.top));
            } else {
                area.left = rounded(clamp(area.left + dx, 0, 100 - area.width));
                area.top = rounded(clamp(area.top + dy, 0, 100 - area.height));
            }
            show();
            fillInputs();
        });

        fromInputs(); // numbers sent back with an error: show where they were
    }

    function setUpAll() {
        Array.prototype.forEach.call(document.querySelectorAll("[data-face-areas]"), setUp);
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", setUpAll);
    } else {
        setUpAll();
    }
}());
