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

  function togglePasswordVisibility(button, forceShow) {
    var show = forceShow === undefined ? button.getAttribute("aria-pressed") !== "true" : forceShow;
    ["password", "password_confirmation"].forEach(function (id) {
      var input = byId(id);
      if (input) { input.type = show ? "text" : "password"; }
    });
    button.setAttribute("aria-pressed", show ? "true" : "false");
    button.textContent = show ? "Masquer les mots de passe" : "Afficher les mots de passe";
  }

  document.addEventListener("input", function (event) {
    var id = event.target && event.target.id;
    if (id === "password") { updatePasswordChecks(); }
    if (id === "password_confirmation") { updateConfirmation(); }
  });

  document.addEventListener("click", function (event) {
    var button = event.target && event.target.closest && event.target.closest("#toggle-password-visibility");
    if (button) { togglePasswordVisibility(button); }
  });

  window.monparis = {
    fillPassword: function (value) {
      ["password", "password_confirmation"].forEach(function (id) {
        var input = byId(id);
        if (input) { setNativeValue(input, value); }
      });
      var button = byId("toggle-password-visibility");
      if (button) { togglePasswordVisibility(button, true); }
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
