/* Mon Paris — what must happen in the browser without a server round trip.
 * The password checklist reads the rule patterns the core publishes (data-pattern on each
 * <li>), so the page and the server test exactly the same expressions. */
(function () {
  "use strict";

  function byId(id) { return document.getElementById(id); }

  function setNativeValue(input, value) {
    // React tracks input values: use the prototype setter so it sees the change.
    var setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set;
    setter.call(input, value);
    input.dispatchEvent(new Event("input", { bubbles: true }));
  }

  function updatePasswordChecks() {
    var password = byId("password");
    var list = byId("password-rules");
    if (!password || !list) { return; }
    var value = password.value;
    var met = 0, items = list.querySelectorAll("li[data-pattern]");
    items.forEach(function (item) {
      var ok = new RegExp(item.getAttribute("data-pattern")).test(value);
      item.setAttribute("data-met", ok ? "true" : "false");
      if (ok) { met += 1; }
    });
    var status = byId("password-rules-status");
    if (status) {
      status.textContent = met + " règle(s) sur " + items.length + " respectée(s).";
    }
    updateConfirmation();
  }

  function updateConfirmation() {
    var password = byId("password"), confirmation = byId("password_confirmation");
    var output = byId("password-match");
    if (!password || !confirmation || !output) { return; }
    if (!confirmation.value) {
      output.textContent = "";
      output.removeAttribute("data-match");
    } else if (confirmation.value === password.value) {
      output.textContent = "Les deux mots de passe sont identiques.";
      output.setAttribute("data-match", "true");
    } else {
      output.textContent = "Les deux mots de passe ne sont pas identiques.";
      output.setAttribute("data-match", "false");
    }
  }

  document.addEventListener("input", function (event) {
    var id = event.target && event.target.id;
    if (id === "password") { updatePasswordChecks(); }
    if (id === "password_confirmation") { updateConfirmation(); }
  });

  /* "renvoyez le message": the state gives the wait once per round (data-resend-wait,
   * data-resend-round); the countdown itself runs here, so the server sends no frame a second.
   * Deadlines use the page's monotonic clock, never the server's, whose time may differ. */
  function tickResendButtons() {
    var now = performance.now();
    document.querySelectorAll("button[data-resend-round]").forEach(function (button) {
      var round = button.getAttribute("data-resend-round");
      if (button._mpRound !== round) {
        button._mpRound = round;
        button._mpDeadline = now + 1000 * Number(button.getAttribute("data-resend-wait") || 0);
      }
      var left = Math.ceil((button._mpDeadline - now) / 1000);
      var countdown = button.querySelector(".resend-countdown");
      var waiting = left > 0;
      if (button.disabled !== waiting) {
        button.disabled = waiting;
        button.setAttribute("aria-disabled", waiting ? "true" : "false");
      }
      var text = waiting ? " (possible dans " + left + " s)" : "";
      if (countdown && countdown.textContent !== text) { countdown.textContent = text; }
    });
  }
  window.setInterval(tickResendButtons, 250);
  // A button that appears or starts a round is judged at once, not at the next tick: there is no
  // instant when a fresh countdown can be pressed.
  new MutationObserver(tickResendButtons).observe(document.documentElement, {
    subtree: true, childList: true, attributes: true,
    attributeFilter: ["data-resend-round", "data-resend-wait"],
  });

  window.monparis = {
    fillPassword: function (value) {
      ["password", "password_confirmation"].forEach(function (id) {
        var input = byId(id);
        if (input) { setNativeValue(input, value); }
      });
      updatePasswordChecks();
    },
    focusField: function (id) {
      window.setTimeout(function () {
        var target = byId(id) || document.querySelector("[name='" + id + "']");
        if (target) { target.focus(); }
      }, 50);
    },
    download: function (url) {
      // A link with "download" saves the file without navigating: the page and its
      // websocket stay as they are.
      var link = document.createElement("a");
      link.href = url;
      link.download = "";
      document.body.appendChild(link);
      link.click();
      link.remove();
    },
    playCaptcha: function () {
      var audio = byId("captcha-audio");
      if (audio) { audio.currentTime = 0; audio.play(); }
    },
  };
})();

/* After each client-side page change (a link, a redirect, the back button), focus moves to the
 * new page's h1 and its title is read out (RGAA 12.x): otherwise focus stays on <body>, or on a
 * link that no longer exists, and a screen reader says nothing about the new page.
 * Not on the first load (the person starts at the top, with the skip link), and not when the
 * new page has already put focus in one of its fields (a code field, the first field in error). */
(function () {
  "use strict";

  var WAIT_MS = 3000;
  var lastPath = location.pathname + location.search;
  var announcer = null;

  function heading() {
    return document.querySelector("main h1") || document.querySelector("h1");
  }

  function focusWasMovedSince(before) {
    // Focus left on <body>, or still on what had it before the change (the link clicked): lost.
    // Anything else was put there on purpose by the new page (a field it focuses).
    var active = document.activeElement;
    return !!active && active.isConnected && active !== document.body && active !== before;
  }

  function announce(text) {
    // One live region for the whole visit, created after hydration so React never sees it.
    if (!announcer) {
      announcer = document.createElement("div");
      announcer.id = "page-change-announcer";
      announcer.className = "sr-only";
      announcer.setAttribute("aria-live", "polite");
      announcer.setAttribute("aria-atomic", "true");
      document.body.appendChild(announcer);
    }
    announcer.textContent = "";
    window.setTimeout(function () { announcer.textContent = text; }, 100);
  }

  function focusNewHeading(previous) {
    var started = Date.now(), focusedBefore = document.activeElement;
    (function look() {
      var h1 = heading();
      var fresh = h1 && (h1 !== previous || !previous.isConnected);
      if (!fresh && Date.now() - started < WAIT_MS) {
        window.requestAnimationFrame(look);
        return;
      }
      if (!h1) { return; }
      h1.setAttribute("tabindex", "-1");
      if (!focusWasMovedSince(focusedBefore)) { h1.focus(); }
      // The route's <title> is rendered with the page: read it once the page is there.
      window.setTimeout(function () { announce(document.title || h1.textContent || ""); }, 50);
    })();
  }

  function pageChangedByHistory() {
    var now = location.pathname + location.search;
    if (now !== lastPath) {
      lastPath = now;
      focusNewHeading(heading());
    }
  }

  ["pushState", "replaceState"].forEach(function (name) {
    var original = history[name];
    history[name] = function () {
      var previous = heading();
      var before = location.pathname + location.search;
      var result = original.apply(this, arguments);
      var after = location.pathname + location.search;
      // A replaceState that only rewrites the query (page state in the URL) is no new page.
      var changed = name === "pushState" ? after !== before
        : location.pathname !== before.split("?")[0];
      lastPath = after;
      if (changed) { focusNewHeading(previous); }
      return result;
    };
  });
  window.addEventListener("popstate", pageChangedByHistory);

  /* Passkeys ("clés d'accès"): the server's options (WebAuthn JSON, from py_webauthn) go to the
   * browser's authenticator; its answer goes back as JSON. Every outcome is a string the state
   * reads: the credential's JSON, or "error:<name>" (NotAllowedError when the person cancels). */
  function passkeyOutcome(promise) {
    return promise.then(function (credential) {
      return credential ? JSON.stringify(credential.toJSON()) : "error:NotAllowedError";
    }, function (error) {
      return "error:" + ((error && error.name) || "UnknownError");
    });
  }

  var conditionalAbort = null;

  window.monparisPasskey = {
    supported: function () {
      return typeof window.PublicKeyCredential === "function" &&
        typeof PublicKeyCredential.parseCreationOptionsFromJSON === "function";
    },
    create: function (optionsJson) {
      if (!window.monparisPasskey.supported()) { return Promise.resolve("error:NotSupportedError"); }
      var publicKey = PublicKeyCredential.parseCreationOptionsFromJSON(JSON.parse(optionsJson));
      return passkeyOutcome(navigator.credentials.create({ publicKey: publicKey }));
    },
    get: function (optionsJson, conditional) {
      if (!window.monparisPasskey.supported()) { return Promise.resolve("error:NotSupportedError"); }
      if (conditionalAbort) { conditionalAbort.abort(); conditionalAbort = null; }
      var publicKey = PublicKeyCredential.parseRequestOptionsFromJSON(JSON.parse(optionsJson));
      var request = { publicKey: publicKey };
      if (conditional) {
        // The e-mail field offers the passkey in the browser's autofill (conditional mediation).
        conditionalAbort = new AbortController();
        request.mediation = "conditional";
        request.signal = conditionalAbort.signal;
      }
      return passkeyOutcome(navigator.credentials.get(request));
    },
    /* The answer goes back through a hidden form (``passkey_answer_form``): a Reflex script
     * callback would hold the page's event queue for as long as the authenticator waits,
     * which for the autofill (conditional) request is until the person picks a passkey. */
    answer: function (formId, outcome, challengeId) {
      var form = document.getElementById(formId);
      if (!form) { return; }
      // React tracks input values: the prototype setter makes it see the change.
      var setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set;
      setter.call(form.querySelector("input[name=credential]"), outcome);
      // Which request this answers: the autofill's and the button's may cross.
      setter.call(form.querySelector("input[name=challenge]"), challengeId);
      form.requestSubmit();
    },
    startCreate: function (optionsJson, formId, challengeId) {
      window.monparisPasskey.create(optionsJson).then(function (outcome) {
        window.monparisPasskey.answer(formId, outcome, challengeId);
      });
    },
    startGet: function (optionsJson, conditional, formId, challengeId) {
      var go = conditional ? window.monparisPasskey.conditionalAvailable() : Promise.resolve(true);
      go.then(function (available) {
        if (!available) { return; }
        window.monparisPasskey.get(optionsJson, conditional).then(function (outcome) {
          // A request replaced by a newer one (the button after the autofill) says nothing.
          if (outcome === "error:AbortError") { return; }
          window.monparisPasskey.answer(formId, outcome, challengeId);
        });
      });
    },
    conditionalAvailable: function () {
      if (!window.monparisPasskey.supported() ||
          typeof PublicKeyCredential.isConditionalMediationAvailable !== "function") {
        return Promise.resolve(false);
      }
      return PublicKeyCredential.isConditionalMediationAvailable();
    }
  };

})();
