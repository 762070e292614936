/* uncounted: the little the pages need a script for. Served by uncounted itself (the
 * Content-Security-Policy allows no other script). Nothing typed is ever put in the browser's
 * storage: a form's draft goes to the server, which seals it in the vault.
 *
 * - The browser's time zone in a cookie, so the server can say "today 02:14" in local time.
 * - Never lose a call: a form with data-draft is sent to that URL as it is typed (after a
 *   short pause), before the language is switched, and when the page is left.
 * - The idle time-out warns before it strikes; typing in any form counts as activity (a
 *   keep-alive, at most every 30 seconds), and so does "Stay signed in".
 */
(function () {
  "use strict";
  try {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    if (zone) {
      document.cookie = "uncounted_tz=" + encodeURIComponent(zone) + "; path=/; SameSite=Strict";
    }
  } catch (ignored) { /* no time zone: times are shown in UTC and say so */ }

  /* A refused form's error summary names the field of each reason it lists, as the form
   * labels it, with the person's part of the form it is in: "What happened: Fill in this
   * field.", "Person 2 · Age: ...". It listed "Fill in this field." twice and said nothing
   * of where (walkday8: a testimony at 390 px, the fields three screens below). */
  Array.prototype.forEach.call(document.querySelectorAll(".error-summary a[href^='#']"), function (link) {
    var target = document.getElementById(link.getAttribute("href").slice(1));
    if (!target) { return; }
    var named = target.tagName === "FIELDSET" ? target.querySelector("legend") : target.labels && target.labels[0];
    if (!named) { return; }
    var caption = named.textContent.replace(/\*\s*$/, "").trim();
    var person = named.parentNode.closest("fieldset.person");
    var legend = person && person.querySelector("legend");
    if (legend) { caption = legend.textContent.trim() + " · " + caption; }
    link.textContent = caption + ": " + link.textContent.trim();
  });

  var body = document.body;
  var csrf = body.getAttribute("data-csrf");
  if (!csrf) { return; }  /* signed out: nothing to keep alive */
  var idleMs = parseFloat(body.getAttribute("data-idle-seconds") || "0") * 1000;
  var warnMs = Math.min(120000, idleMs / 4);
  var lastContact = Date.now();
  var ended = false;
  var warning = document.getElementById("idle-warning");
  var endedBox = document.getElementById("idle-ended");

  function here() { return location.pathname + location.search; }

  function signedOut() {
    ended = true;
    if (warning) { warning.hidden = true; }
    if (endedBox) {
      document.getElementById("idle-signin").href = "/signin?next=" + encodeURIComponent(here());
      endedBox.hidden = false;
    }
  }

  function post(url, data, keepalive) {
    data.set("csrf_token", csrf);
    return fetch(url, {
      method: "POST", body: data, credentials: "same-origin", redirect: "manual",
      keepalive: !!keepalive
    }).then(function (response) {
      if (response.ok) {
        lastContact = Date.now();
        if (warning) { warning.hidden = true; }
      } else if (response.type === "opaqueredirect") {
        signedOut();  /* the server sent us to sign in */
      }
      return response;
    });
  }

  function keepAlive() { return post("/session/keepalive", new FormData()); }

  /* Passphrase strength as it is typed: an input with data-strength="ID" shows the server's
   * zxcvbn estimate in element ID, using its data-weak or data-strong text ({have}, {need}:
   * powers of ten), for the role its data-role or its form's role field names (else the
   * signed-in user's). The passphrase goes only to this server, which keeps nothing of it. */
  function field(form, name) {
    var found = form && form.elements.namedItem(name);
    return found && found.value ? found.value : "";
  }
  Array.prototype.forEach.call(document.querySelectorAll("input[data-strength]"), function (input) {
    var out = document.getElementById(input.getAttribute("data-strength"));
    var pending = null;
    if (!out) { return; }
    function show() {
      var data = new FormData();
      data.set("passphrase", input.value);
      data.set("role", input.getAttribute("data-role") || field(input.form, "role"));
      data.set("user", field(input.form, "name") || field(input.form, "user"));
      post("/account/passphrase/strength", data).then(function (response) {
        return response.ok ? response.json() : null;
      }).then(function (answer) {
        if (!answer) { return; }
        var text = out.getAttribute(answer.enough ? "data-strong" : "data-weak") || "";
        out.textContent = text.replace("{have}", answer.guesses_log10)
          .replace("{need}", answer.needed);
      });
    }
    input.addEventListener("input", function () {
      if (pending) { clearTimeout(pending); }
      if (!input.value) { out.textContent = ""; return; }
      pending = setTimeout(show, 300);
    });
  });

  /* The error page of a refused form: back to the form (it is fetched again, empty). */
  Array.prototype.forEach.call(document.querySelectorAll("[data-back]"), function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { history.back(); });
  });

  if (warning) {
    document.getElementById("idle-stay").addEventListener("click", function () { keepAlive(); });
  }
  if (idleMs > 0) {
    setInterval(function () {
      if (ended) { return; }
      var idle = Date.now() - lastContact;
      if (idle >= idleMs) { signedOut(); } else if (idle >= idleMs - warnMs && warning) { warning.hidden = false; }
    }, 1000);
  }

  /* Evidence: one kind and description per file chosen. Without the script the form's one
   * row describes every file; with it, the row is copied for each file, headed by its name
   * (shown only here, in the browser that chose it), and what was typed is kept. */
  var evidenceFiles = document.getElementById("evidence-files");
  var evidenceRows = document.getElementById("evidence-rows");
  if (evidenceFiles && evidenceRows) {
    var model = evidenceRows.querySelector(".evidence-row").cloneNode(true);
    evidenceFiles.addEventListener("change", function () {
      var count = Math.max(evidenceFiles.files.length, 1);
      var rows = evidenceRows.querySelectorAll(".evidence-row");
      for (var i = rows.length; i < count; i += 1) {
        var row = model.cloneNode(true);
        Array.prototype.forEach.call(row.querySelectorAll("[id]"), function (element) {
          var name = element.id.replace(/-0$/, "-" + i);
          element.id = name;
          element.name = name;
        });
        Array.prototype.forEach.call(row.querySelectorAll("label"), function (label) {
          label.htmlFor = label.htmlFor.replace(/-0$/, "-" + i);
        });
        evidenceRows.appendChild(row);
      }
      rows = evidenceRows.querySelectorAll(".evidence-row");
      Array.prototype.forEach.call(rows, function (row, index) {
        row.hidden = index >= count;
        Array.prototype.forEach.call(row.querySelectorAll("select, textarea"), function (input) {
          input.disabled = index >= count;
        });
        var file = evidenceFiles.files[index];
        row.querySelector("legend").textContent = file ? file.name : model.querySelector("legend").textContent;
      });
    });
  }

  /* A form with data-wait="ID" (an import, which reads every row of the list) shows element
   * ID while the server works: a long list takes seconds, and a page that seems to do nothing
   * gets its button pressed again. */
  Array.prototype.forEach.call(document.querySelectorAll("form[data-wait]"), function (form) {
    var note = document.getElementById(form.getAttribute("data-wait"));
    if (!note) { return; }
    form.addEventListener("submit", function (event) {
      /* pressed again while the server works (a double click): one import, one report */
      if (form.getAttribute("aria-busy") === "true") { event.preventDefault(); return; }
      note.hidden = false;
      form.setAttribute("aria-busy", "true");
    });
  });
  /* back to this page from the browser's cache: the work is done, say nothing more */
  window.addEventListener("pageshow", function () {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-wait]"), function (form) {
      var note = document.getElementById(form.getAttribute("data-wait"));
      if (note) { note.hidden = true; }
      form.removeAttribute("aria-busy");
    });
  });

  /* A form with data-autostart (the package of the report just published: Publish came back
   * to this page) is sent once as the page opens, so report.zip downloads by itself; the
   * address drops its ?published= first, so a reload downloads nothing again. */
  var autostart = document.querySelector("form[data-autostart]");
  if (autostart) {
    history.replaceState(null, "", location.pathname);
    autostart.submit();
  }

  /* A table wider than the screen (data-swipe-hint="ID"; tables scroll inside themselves)
   * shows the sentence ID that says so: on a phone, the columns past the edge went unseen. */
  Array.prototype.forEach.call(document.querySelectorAll("[data-swipe-hint]"), function (box) {
    var hint = document.getElementById(box.getAttribute("data-swipe-hint"));
    if (!hint) { return; }
    function fit() { hint.hidden = box.scrollWidth <= box.clientWidth + 1; }
    fit();
    window.addEventListener("resize", fit);
  });

  /* drafts */
  var draftForm = document.querySelector("form[data-draft]");
  var dirty = false;
  var timer = null;
  var state = draftForm ? draftForm.querySelector(".draft-state") : null;

  /* data-unsaved on the form while a change is not yet kept on the server */
  function unsaved(on) {
    if (!draftForm) { return; }
    if (on) { draftForm.setAttribute("data-unsaved", "true"); }
    else { draftForm.removeAttribute("data-unsaved"); }
  }

  function saveDraft(keepalive) {
    if (!draftForm || !dirty) { return Promise.resolve(null); }
    dirty = false;
    if (timer) { clearTimeout(timer); timer = null; }
    return post(draftForm.getAttribute("data-draft"), new FormData(draftForm), keepalive)
      .then(function (response) {
        if (state) {
          state.textContent = state.getAttribute(response.ok ? "data-saved" : "data-failed");
        }
        if (!response.ok) { dirty = true; } else if (!dirty) { unsaved(false); }
        return response;
      }, function () {
        dirty = true;
        if (state) { state.textContent = state.getAttribute("data-failed"); }
      });
  }

  document.addEventListener("input", function (event) {
    var form = event.target && event.target.form;
    if (!form || ended) { return; }
    if (form === draftForm) {
      dirty = true;
      unsaved(true);
      if (timer) { clearTimeout(timer); }
      timer = setTimeout(function () { saveDraft(false); }, 700);
    } else if (Date.now() - lastContact > 30000) {
      keepAlive();
    }
  });

  if (draftForm) {
    draftForm.addEventListener("change", function () {
      dirty = true;
      unsaved(true);
      if (timer) { clearTimeout(timer); }
      timer = setTimeout(function () { saveDraft(false); }, 300);
    });
    /* switching language: keep the draft first, then switch (the page comes back) */
    var language = document.querySelector("form[action='/language']");
    if (language) {
      language.addEventListener("submit", function (event) {
        if (!dirty) { return; }
        event.preventDefault();
        saveDraft(false).then(function () { language.submit(); });
      });
    }
    /* the form itself is being sent: the server keeps or discards the draft from it */
    draftForm.addEventListener("submit", function () {
      dirty = false;
      if (timer) { clearTimeout(timer); timer = null; }
    });
    window.addEventListener("pagehide", function () { saveDraft(true); });
  }
}());
