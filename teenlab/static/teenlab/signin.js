// teenlab: the sign-in page of a group (émargement) — the name tiles, their search, the
// signature dialog, the trainer's marks, and the queue that keeps working offline.
//
// Every signature or mark is first written to the device (IndexedDB, database
// "teenlab-signin"), with a UUID made here (idempotency_key) and the time it was taken
// (taken_at, ISO 8601 with the device's offset); its tile reads "waiting to be sent". Then it is
// sent; it leaves the device only once the server has answered 200 (stored) — the server
// answers the same key twice with the first result, so a retry after a lost answer stores
// nothing twice. A refusal (422: the sheet was countersigned meanwhile, a signature outside the
// window…) stays on the device and on its tile with the server's message, until the trainer
// abandons it. No answer (offline, server down, session expired): it stays waiting and is sent
// again when the network comes back, every 15 s, and when the page opens.
(function () {
  "use strict";

  var DB_NAME = "teenlab-signin";
  var STORE = "entries";
  var RETRY_MS = 15000;

  // --- The device's store: IndexedDB, or memory when the browser refuses it ---------------
  var memory = {};
  var dbPromise = null;

  function db() {
    if (dbPromise) return dbPromise;
    dbPromise = new Promise(function (resolve) {
      if (!window.indexedDB) { resolve(null); return; }
      var request;
      try { request = window.indexedDB.open(DB_NAME, 1); } catch (e) { resolve(null); return; }
      request.onupgradeneeded = function () {
        var store = request.result.createObjectStore(STORE, { keyPath: "key" });
        store.createIndex("slot", "slot");
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { resolve(null); };
    });
    return dbPromise;
  }

  function transact(mode, work) {
    return db().then(function (database) {
      if (!database) {
        var direct = work(null);
        return direct && direct.value !== undefined ? direct.value : direct;
      }
      return new Promise(function (resolve, reject) {
        var tx = database.transaction(STORE, mode);
        var result = work(tx.objectStore(STORE));
        tx.oncomplete = function () { resolve(result && result.value !== undefined ? result.value : result); };
        tx.onerror = function () { reject(tx.error); };
      });
    });
  }

  function savedEntry(entry) {
    return transact("readwrite", function (store) {
      if (!store) { memory[entry.key] = entry; return entry; }
      store.put(entry);
      return entry;
    });
  }

  function removeEntry(key) {
    return transact("readwrite", function (store) {
      if (!store) { delete memory[key]; return null; }
      store.delete(key);
      return null;
    });
  }

  function entriesOf(slot) {
    return transact("readonly", function (store) {
      var box = { value: [] };
      if (!store) {
        box.value = Object.keys(memory).map(function (k) { return memory[k]; })
          .filter(function (e) { return e.slot === slot; });
        return box;
      }
      var request = store.index("slot").getAll(slot);
      request.onsuccess = function () { box.value = request.result; };
      return box;
    }).then(function (entries) {
      return entries.slice().sort(function (a, b) { return a.created - b.created; });
    });
  }

  // --- Small helpers --------------------------------------------------------------------------
  function uuid4() {
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map.call(bytes, function (b) { return (b + 0x100).toString(16).slice(1); }).join("");
    return hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" +
      hex.slice(16, 20) + "-" + hex.slice(20);
  }

  function pad2(n) { return (n < 10 ? "0" : "") + n; }

  // The device's clock, as ISO 8601 with its offset (2026-11-29T09:05:03.120+01:00).
  function isoNow() {
    var d = new Date();
    var offset = -d.getTimezoneOffset();
    var sign = offset >= 0 ? "+" : "-";
    var abs = Math.abs(offset);
    return d.getFullYear() + "-" + pad2(d.getMonth() + 1) + "-" + pad2(d.getDate()) + "T" +
      pad2(d.getHours()) + ":" + pad2(d.getMinutes()) + ":" + pad2(d.getSeconds()) + "." +
      String(d.getMilliseconds() + 1000).slice(1) + sign + pad2(Math.floor(abs / 60)) + ":" + pad2(abs % 60);
  }

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (input) return input.value;
    try { return JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || ""; }
    catch (e) { return ""; }
  }

  function fold(text) {
    return (text || "").normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().trim();
  }

  // --- The page -------------------------------------------------------------------------------
  function SignIn(section) {
    this.section = section;
    this.slot = section.getAttribute("data-slot");
    this.list = document.getElementById("signin-list");
    this.queueNote = document.getElementById("signin-queue");
    this.traineeMode = document.body.classList.contains("trainee-mode");
    this.sending = false;
    this.label = function (name) { return section.getAttribute("data-label-" + name) || ""; };
  }

  SignIn.prototype.tile = function (youth) { return document.getElementById("row-" + youth); };

  // The server's answer for one tile (the tile, and the summary out of band) replaces them.
  SignIn.prototype.swap = function (html) {
    var template = document.createElement("template");
    template.innerHTML = html;
    var fresh = template.content.querySelector("li.signin-tile");
    if (fresh) {
      var old = document.getElementById(fresh.id);
      var hadFocus = old && old.contains(document.activeElement);
      if (old) old.replaceWith(fresh);
      if (hadFocus) {
        var button = fresh.querySelector("button");
        if (button) button.focus();
      }
    }
    var summary = template.content.querySelector("#signin-summary");
    var current = document.getElementById("signin-summary");
    if (summary && current) { summary.removeAttribute("hx-swap-oob"); current.replaceWith(summary); }
    this.filter();
    return fresh;
  };

  // A tile shows the entries of the device not yet stored by the server.
  SignIn.prototype.decorate = function (entry) {
    var tile = this.tile(entry.youth);
    if (!tile) return;
    var state = tile.querySelector("[data-testid=status]");
    tile.classList.remove("signin-tile--queued", "signin-tile--refused");
    tile.classList.add(entry.state === "refused" ? "signin-tile--refused" : "signin-tile--queued");
    tile.setAttribute("data-queue", entry.state);
    if (state) state.textContent = entry.state === "refused" ? this.label("refused") : this.label("queued");
    var old = tile.querySelector(".signin-tile__queue-error");
    if (old) old.remove();
    if (entry.state === "refused") {
      var box = document.createElement("div");
      box.className = "signin-tile__queue-error";
      var message = document.createElement("p");
      message.className = "signin-tile__error";
      message.setAttribute("role", "alert");
      message.textContent = entry.error;
      box.appendChild(message);
      if (!this.traineeMode) {
        var drop = document.createElement("button");
        drop.type = "button";
        drop.className = "button button--secondary button--small";
        drop.textContent = this.label("drop");
        drop.setAttribute("data-queue-drop", entry.key);
        box.appendChild(drop);
      }
      tile.appendChild(box);
    }
  };

  SignIn.prototype.showQueue = function (entries, problem) {
    if (!this.queueNote) return;
    var waiting = entries.filter(function (e) { return e.state === "pending"; }).length;
    var refused = entries.length - waiting;
    var parts = [];
    if (entries.length) parts.push(this.label("queue") + " " + waiting + (refused ? " (+ " + refused + " " + this.label("refused").toLowerCase() + ")" : ""));
    if (waiting && !navigator.onLine) parts.push(this.label("offline"));
    else if (waiting && problem === "session") parts.push(this.label("session"));
    this.queueNote.textContent = parts.join(" ");
    this.queueNote.hidden = parts.length === 0;
    this.section.setAttribute("data-queue-size", String(entries.length));
  };

  SignIn.prototype.refresh = function (problem) {
    var self = this;
    return entriesOf(this.slot).then(function (entries) {
      entries.forEach(function (entry) { self.decorate(entry); });
      self.showQueue(entries, problem);
      return entries;
    });
  };

  SignIn.prototype.enqueue = function (youth, kind, url, fields) {
    var self = this;
    var entry = {
      key: uuid4(), slot: this.slot, youth: youth, kind: kind, url: url, fields: fields,
      taken_at: isoNow(), state: "pending", error: "", created: Date.now()
    };
    return savedEntry(entry).then(function () {
      self.decorate(entry);
      return self.flush();
    });
  };

  // One entry to the server: "sent", "refused" or "waiting" (try again later).
  SignIn.prototype.send = function (entry) {
    var self = this;
    var body = new URLSearchParams();
    Object.keys(entry.fields).forEach(function (name) { body.append(name, entry.fields[name] || ""); });
    body.append("taken_at", entry.taken_at);
    body.append("idempotency_key", entry.key);
    return fetch(entry.url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      redirect: "manual",
      headers: { "HX-Request": "true", "X-CSRFToken": csrfToken() }
    }).then(function (response) {
      // Trainee mode refuses the trainer's marks until the trainer takes the tablet back.
      if (response.headers.get("X-Teenlab-Trainee-Mode")) return "waiting";
      if (response.type === "opaqueredirect" || response.status === 403 || response.status === 401) {
        return "session";
      }
      if (response.status >= 500 || response.status === 429 || response.status === 0) return "waiting";
      return response.text().then(function (html) {
        if (response.status === 200) {
          self.swap(html);
          return removeEntry(entry.key).then(function () { return "sent"; });
        }
        var template = document.createElement("template");
        template.innerHTML = html;
        var error = template.content.querySelector(".signin-tile__error, .alert");
        entry.state = "refused";
        entry.error = (error ? error.textContent : html.slice(0, 200) || String(response.status)).trim();
        return savedEntry(entry).then(function () { return "refused"; });
      });
    }, function () { return "waiting"; });
  };

  SignIn.prototype.flush = function () {
    var self = this;
    if (this.sending) { this.again = true; return Promise.resolve(); }
    this.sending = true;
    var problem = null;
    return entriesOf(this.slot).then(function (entries) {
      var pending = entries.filter(function (e) { return e.state === "pending"; });
      var chain = Promise.resolve();
      pending.forEach(function (entry) {
        chain = chain.then(function () {
          if (problem || !navigator.onLine) { problem = problem || "offline"; return; }
          return self.send(entry).then(function (outcome) {
            if (outcome === "waiting" || outcome === "session") problem = outcome;
          });
        });
      });
      return chain;
    }).then(function () {
      self.sending = false;
      return self.refresh(problem);
    }, function () {
      self.sending = false;
    }).then(function () {
      if (self.again) { self.again = false; return self.flush(); }
    });
  };

  SignIn.prototype.drop = function (key) {
    var self = this;
    return removeEntry(key).then(function () { window.location.reload(); return self; });
  };

  // --- Search ---------------------------------------------------------------------------------
  SignIn.prototype.filter = function () {
    var input = document.getElementById("signin-search");
    if (!input || !this.list) return;
    var query = fold(input.value);
    var shown = 0;
    this.list.querySelectorAll("li.signin-tile").forEach(function (tile) {
      var match = !query || fold(tile.getAttribute("data-name")).indexOf(query) !== -1 ||
        fold(tile.textContent).indexOf(query) !== -1;
      tile.hidden = !match;
      if (match) shown += 1;
    });
    var none = document.getElementById("signin-no-match");
    if (none) none.hidden = shown !== 0;
  };

  // --- The dialog: a signature, or (trainer) a mark ------------------------------------------
  SignIn.prototype.setupDialog = function (dialog) {
    var self = this;
    var pad = new window.TeenlabSignaturePad(dialog.querySelector("[data-signature-pad]"));
    var nameSlot = dialog.querySelector("[data-sign-name]");
    var details = dialog.querySelector("#mark-details");
    var arrival = dialog.querySelector("[data-mark-arrival]");
    var departure = dialog.querySelector("[data-mark-departure]");
    var late = dialog.querySelector("[data-mark-late]");
    var current = null;

    function open(button) {
      current = {
        signUrl: button.getAttribute("data-sign-url"),
        markUrl: button.getAttribute("data-mark-url"),
        youth: button.id.replace(/^sign-/, ""),
        trigger: button.id
      };
      nameSlot.textContent = button.getAttribute("data-youth-name");
      if (pad.typed) pad.typed.value = "";
      if (details) details.open = false;
      if (arrival) arrival.value = "";
      if (departure) departure.value = "";
      if (late) late.href = button.getAttribute("data-late-url");
      if (typeof dialog.showModal === "function") dialog.showModal();
      else dialog.setAttribute("open", "");
      pad.resize();
      // Focus the title, not the typed-name field: a tablet would open its keyboard.
      var title = dialog.querySelector("h2");
      if (title) title.focus();
    }

    function close() {
      if (typeof dialog.close === "function") dialog.close();
      else dialog.removeAttribute("open");
    }

    function done(target) {
      close();
      var search = document.getElementById("signin-search");
      if (search && self.traineeMode && search.value) { search.value = ""; self.filter(); }
      var again = document.getElementById(target.trigger);
      if (again) again.focus();
    }

    document.addEventListener("click", function (event) {
      var button = event.target.closest("[data-sign-url]");
      if (button) open(button);
    });
    dialog.querySelector("[data-signature-clear]").addEventListener("click", function () { pad.clear(); });
    dialog.querySelector("[data-sign-cancel]").addEventListener("click", close);
    dialog.addEventListener("close", function () {
      if (current) {
        var trigger = document.getElementById(current.trigger);
        if (trigger) trigger.focus();
      }
    });
    dialog.querySelector("[data-sign-submit]").addEventListener("click", function () {
      if (!current) return;
      if (pad.empty) { pad.showError(true); return; }
      var target = current;
      self.enqueue(target.youth, "sign", target.signUrl, { image: pad.dataURL(), typed_name: pad.typedName });
      done(target);
    });
    dialog.querySelectorAll("[data-mark-status]").forEach(function (button) {
      button.addEventListener("click", function () {
        if (!current) return;
        var status = button.getAttribute("data-mark-status");
        var fields = { status: status };
        if (status === "partial") {
          if (!arrival.value && !departure.value) { arrival.focus(); return; }
          fields.arrival = arrival.value;
          fields.departure = departure.value;
        }
        var target = current;
        self.enqueue(target.youth, "mark", target.markUrl, fields);
        done(target);
      });
    });
  };

  document.addEventListener("DOMContentLoaded", function () {
    var section = document.getElementById("signin");
    if (!section) return;
    var signin = new SignIn(section);
    var search = document.getElementById("signin-search");
    if (search) search.addEventListener("input", function () { signin.filter(); });
    var dialog = document.getElementById("sign-dialog");
    if (dialog && window.TeenlabSignaturePad) signin.setupDialog(dialog);
    document.addEventListener("click", function (event) {
      var drop = event.target.closest("[data-queue-drop]");
      if (drop) signin.drop(drop.getAttribute("data-queue-drop"));
    });
    window.addEventListener("online", function () { signin.flush(); });
    window.addEventListener("offline", function () { signin.refresh("offline"); });
    window.setInterval(function () { signin.flush(); }, RETRY_MS);
    signin.flush();
  });
})();
