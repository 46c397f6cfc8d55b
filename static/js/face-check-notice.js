/* Image upload forms say they are working while the server finds and hides faces (issue 15).
   The face check takes a few seconds for a big phone photo: without a word, an editor may think
   nothing happened and send the photo again. On every admin form with an image file input
   (add, edit with a new file, the chooser's upload, the multiple uploader), once a photo is
   chosen and the form is sent, a polite live region says so and the send buttons are disabled,
   so the photo is not sent twice. The message comes translated from the server, in the script
   tag's data-working-message (no inline script: CSP). Without JavaScript the file field's help
   text already says it takes a few seconds. */
(function () {
    "use strict";
    var script = document.currentScript;
    var message = script ? script.getAttribute("data-working-message") : "";
    if (!message) {
        return;
    }
    var IMAGE_INPUT = 'input[type="file"][accept*="image/"]';
    var SEND_BUTTONS = 'button[type="submit"], button:not([type]), input[type="submit"]';

    function imageChosen(form) {
        var inputs = form.querySelectorAll(IMAGE_INPUT);
        for (var i = 0; i < inputs.length; i++) {
            if (inputs[i].files && inputs[i].files.length) {
                return true;
            }
        }
        return false;
    }

    function saidToShowPeopleAgain(form) {
        // Unticking "This image shows nobody" also runs the check, on the stored photo.
        var box = form.querySelector('input[type="checkbox"][name$="shows_nobody"]');
        return Boolean(box && box.defaultChecked && !box.checked);
    }

    function statusOf(form) {
        var status = form.querySelector(".face-check-status");
        if (!status) {
            status = document.createElement("p");
            status.className = "face-check-status";
            status.setAttribute("role", "status");
            status.setAttribute("aria-live", "polite");
            status.style.fontWeight = "bold";
            var button = form.querySelector(SEND_BUTTONS);
            if (button && button.parentNode) {
                button.parentNode.insertBefore(status, button);
            } else {
                form.appendChild(status);
            }
        }
        return status;
    }

    // The live region is in the page as soon as a photo is chosen, so screen readers announce
    // the message when it appears.
    document.addEventListener(
        "change",
        function (event) {
            var input = event.target;
            if (!(input instanceof HTMLInputElement) || !input.matches(IMAGE_INPUT) || !input.form) {
                return;
            }
            var status = statusOf(input.form);
            if (input.multiple && input.files && input.files.length) {
                // The multiple uploader sends each photo as soon as it is chosen.
                status.textContent = message;
            }
        },
        true
    );

    document.addEventListener(
        "submit",
        function (event) {
            var form = event.target;
            if (!(form instanceof HTMLFormElement)) {
                return;
            }
            if (!imageChosen(form) && !saidToShowPeopleAgain(form)) {
                return;
            }
            statusOf(form).textContent = message;
            // Disabled just after the browser has read the form, so a named send button still
            // sends its value.
            window.setTimeout(function () {
                var buttons = form.querySelectorAll(SEND_BUTTONS);
                for (var i = 0; i < buttons.length; i++) {
                    buttons[i].disabled = true;
                }
            }, 0);
        },
        true
    );

    // Back on this page from the next one (the browser's page cache): usable again.
    window.addEventListener("pageshow", function (event) {
        if (!event.persisted) {
            return;
        }
        var statuses = document.querySelectorAll(".face-check-status");
        for (var i = 0; i < statuses.length; i++) {
            statuses[i].textContent = "";
            var form = statuses[i].closest("form");
            var buttons = form ? form.querySelectorAll(SEND_BUTTONS) : [];
            for (var j = 0; j < buttons.length; j++) {
                buttons[j].disabled = false;
            }
        }
    });
})();
