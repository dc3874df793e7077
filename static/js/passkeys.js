// Passkeys (WebAuthn): the server gives the options as JSON in a data attribute, this
// file asks the browser and puts the browser's answer, as JSON, in a hidden field of
// the form, which is then sent as usual (CSRF token included). Where the browser has
// no passkeys, the buttons stay hidden and the codes remain.
(function () {
  "use strict";
  if (!window.PublicKeyCredential || !navigator.credentials) return;

  function toBytes(text) {
    var base64 = text.replace(/-/g, "+").replace(/_/g, "/");
    while (base64.length % 4) base64 += "=";
    var binary = atob(base64);
    var bytes = new Uint8Array(binary.length);
    for (var i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    return bytes.buffer;
  }

  function toText(buffer) {
    var bytes = new Uint8Array(buffer);
    var binary = "";
    for (var i = 0; i < bytes.length; i++) binary += String.fromCharCode(bytes[i]);
    return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function describe(credential, response) {
    var answer = {
      id: credential.id,
      rawId: toText(credential.rawId),
      type: credential.type,
      clientExtensionResults: credential.getClientExtensionResults(),
      response: { clientDataJSON: toText(response.clientDataJSON) },
    };
    if (credential.authenticatorAttachment) answer.authenticatorAttachment = credential.authenticatorAttachment;
    return answer;
  }

  function ask(json) {
    var options = JSON.parse(json);
    options.challenge = toBytes(options.challenge);
    (options.allowCredentials || []).forEach(function (c) { c.id = toBytes(c.id); });
    return navigator.credentials.get({ publicKey: options }).then(function (credential) {
      var answer = describe(credential, credential.response);
      var r = credential.response;
      answer.response.authenticatorData = toText(r.authenticatorData);
      answer.response.signature = toText(r.signature);
      if (r.userHandle) answer.response.userHandle = toText(r.userHandle);
      return JSON.stringify(answer);
    });
  }

  function make(json) {
    var options = JSON.parse(json);
    options.challenge = toBytes(options.challenge);
    options.user.id = toBytes(options.user.id);
    (options.excludeCredentials || []).forEach(function (c) { c.id = toBytes(c.id); });
    return navigator.credentials.create({ publicKey: options }).then(function (credential) {
      var answer = describe(credential, credential.response);
      var r = credential.response;
      answer.response.attestationObject = toText(r.attestationObject);
      answer.response.transports = r.getTransports ? r.getTransports() : [];
      return JSON.stringify(answer);
    });
  }

  // "Use my passkey": sign in, second step, step-up.
  document.querySelectorAll("[data-passkey-get]").forEach(function (box) {
    var button = box.querySelector("button");
    var status = box.querySelector("[data-passkey-status]");
    box.hidden = false;
    button.addEventListener("click", function () {
      status.textContent = "";
      ask(button.dataset.options).then(function (answer) {
        var field = document.getElementById(button.dataset.field);
        field.value = answer;
        field.form.submit();
      }).catch(function () {
        status.textContent = status.dataset.failed;
      });
    });
  });

  // "Add a passkey": the form is sent once the browser has made one.
  document.querySelectorAll("[data-passkey-create]").forEach(function (form) {
    var status = form.querySelector("[data-passkey-status]");
    var field = form.querySelector("input[name=passkey_response]");
    form.querySelectorAll("[data-passkey-only]").forEach(function (b) { b.hidden = false; });
    form.addEventListener("submit", function (event) {
      if (field.value) return;
      var name = form.querySelector("input[name=name]");
      if (!name.value.trim()) return; // the server says what is missing, beside the field
      event.preventDefault();
      status.textContent = "";
      make(form.dataset.options).then(function (answer) {
        field.value = answer;
        form.submit();
      }).catch(function () {
        status.textContent = form.dataset.failed;
      });
    });
  });
})();
