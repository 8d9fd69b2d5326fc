/* The check-in station: handheld scanner (types the code and Enter), camera, search, undo,
   live count, and offline work. Every scan is first written to IndexedDB with its scan time,
   then sent; it leaves the queue only when the server has answered, so a reload or a lost
   network loses nothing. Offline, answers come from this door's list of people (badge codes
   as SHA-256 hashes), and the queue is uploaded in batches when the network is back. */
(function () {
  "use strict";

  var root = document.getElementById("station");
  if (!root) { return; }
  var store = window.CheckinStore;
  var T = JSON.parse(root.dataset.strings);
  var slug = root.dataset.slug;
  var day = root.dataset.day;
  var itemId = root.dataset.itemId ? parseInt(root.dataset.itemId, 10) : null;
  var api = root.dataset.api;
  var door = slug + "|" + day + "|" + (itemId || "");
  var csrf = document.querySelector('meta[name="csrf-token"]').content;
  // A station paired with a token sends it as a bearer token: no cookie, no CSRF token.
  var token = root.dataset.auth === "token" ? localStorage.getItem("checkin-token") : null;
  var el = function (id) { return document.getElementById(id); };

  var station = localStorage.getItem("checkin-station");
  if (!station) {
    station = "stanowisko-" + Math.random().toString(36).slice(2, 6);
    localStorage.setItem("checkin-station", station);
  }

  var state = { online: navigator.onLine, list: null, lastUndo: null, uploading: false, camera: null,
                seatFor: null };

  /* ---- helpers ------------------------------------------------------------------------- */

  function uuid() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    var bytes = crypto.getRandomValues(new Uint8Array(16));
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  function sha256(text) {
    return crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)).then(function (buffer) {
      return Array.prototype.map.call(new Uint8Array(buffer), function (b) {
        return ("0" + b.toString(16)).slice(-2);
      }).join("");
    });
  }

  function codeFrom(text) {
    var code = text.trim();
    if (code.indexOf("/") !== -1) {
      code = code.split("?")[0].split("#")[0].replace(/\/+$/, "");
      code = code.slice(code.lastIndexOf("/") + 1);
    }
    return code;
  }

  function fold(text) {
    return (text || "").toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "")
      .replace(/ł/g, "l").replace(/\s+/g, " ").trim();
  }

  // Times as the venue's clock shows them, whatever zone the device is set to.
  var clock = new Intl.DateTimeFormat("pl-PL", { hour: "2-digit", minute: "2-digit", hour12: false,
                                                 timeZone: root.dataset.timezone || undefined });
  function localTime(iso) {
    return clock.format(new Date(iso));
  }

  function request(method, path, body, timeoutMs) {
    var controller = window.AbortController ? new AbortController() : null;
    var timer = controller ? setTimeout(function () { controller.abort(); }, timeoutMs || 8000) : null;
    var options = { method: method, credentials: token ? "omit" : "same-origin",
                    headers: { "Accept": "application/json" }, signal: controller && controller.signal };
    if (token) { options.headers.Authorization = "Bearer " + token; }
    if (body !== undefined) {
      options.headers["Content-Type"] = "application/json";
      if (!token) { options.headers["X-CSRFToken"] = csrf; }
      options.body = JSON.stringify(body);
    }
    return fetch(api + path, options).then(function (response) {
      clearTimeout(timer);
      return response.json().catch(function () { return {}; }).then(function (json) {
        return { status: response.status, ok: response.ok, body: json };
      });
    }, function (error) {
      clearTimeout(timer);
      setOnline(false);
      throw error;
    });
  }

  function doorQuery() {
    return itemId ? "item_id=" + itemId : "day=" + day;
  }

  /* ---- sound --------------------------------------------------------------------------- */

  var audio = null;
  function beep(kind) {
    try {
      audio = audio || new (window.AudioContext || window.webkitAudioContext)();
      var tones = { ok: [[880, 0.12]], warn: [[660, 0.1], [660, 0.1]], bad: [[220, 0.45]] }[kind];
      var at = audio.currentTime;
      tones.forEach(function (tone) {
        var osc = audio.createOscillator();
        var gain = audio.createGain();
        osc.frequency.value = tone[0];
        osc.type = kind === "bad" ? "square" : "sine";
        gain.gain.value = 0.2;
        osc.connect(gain);
        gain.connect(audio.destination);
        osc.start(at);
        osc.stop(at + tone[1]);
        at += tone[1] + 0.06;
      });
    } catch (e) { /* no sound on this device: the text and colour still say it */ }
  }

  /* ---- showing answers ----------------------------------------------------------------- */

  var LOOK = {
    checked_in: ["ok", "✓", "ok"], already: ["warn", "!", "warn"], cancelled: ["bad", "✗", "bad"],
    waitlisted: ["info", "⏳", "warn"], not_signed_up_for_item: ["info", "✗", "warn"],
    other_event: ["bad", "✗", "bad"], unknown: ["bad", "?", "bad"], invalid: ["bad", "✗", "bad"]
  };

  function show(answer) {
    var look = LOOK[answer.outcome] || LOOK.unknown;
    var box = el("result");
    box.className = "scan-result result-" + look[0];
    box.dataset.outcome = answer.outcome;
    el("result-icon").textContent = look[1];
    el("result-title").textContent = answer.title;
    var person = answer.person ? answer.person.name + (answer.person.organisation ? " · " + answer.person.organisation : "") : "";
    el("result-person").textContent = person;
    el("result-detail").textContent = [answer.workshop, answer.message, answer.warning].filter(Boolean).join(" · ");
    box.dataset.warning = answer.warning ? "1" : "";
    offerSeat(answer);
    beep(look[2]);
    var li = document.createElement("li");
    li.className = "recent-" + look[0];
    li.textContent = localTime(new Date().toISOString()) + " · " + answer.title + (person ? " · " + person : "");
    var recent = el("recent");
    recent.insertBefore(li, recent.firstChild);
    while (recent.children.length > 10) { recent.removeChild(recent.lastChild); }
  }

  // At a workshop door: someone without a seat, and a seat free. Staff may seat them.
  function offerSeat(answer) {
    var offer = el("seat-offer");
    var person = answer && answer.seat_offer && answer.person;
    offer.hidden = !person;
    state.seatFor = person ? person.registration_id : null;
    if (person) { el("seat-offer-button").textContent = T.seat_offer.replace("{name}", person.name); }
  }

  function seatNow() {
    var registrationId = state.seatFor;
    if (!registrationId || !state.online) { return; }
    offerSeat(null);
    var body = { scan_id: uuid(), registration_id: registrationId, item_id: itemId, day: day, station: station,
                 source: "search" };
    request("POST", "/workshop-seats", body, 10000).then(function (answer) {
      if (!answer.body.outcome) {
        show({ outcome: "invalid", title: answer.body.message || T.error, message: "", person: null });
        return;
      }
      show(answer.body);
      setCounts(answer.body.counts);
      if (answer.body.checkin) {
        setUndo({ checkinId: answer.body.checkin.id, name: answer.body.person && answer.body.person.name });
      }
    }).catch(function () {});
  }

  function setCounts(counts) {
    if (!counts) { return; }
    el("count-in").textContent = counts.checked_in;
    el("count-expected").textContent = counts.expected;
  }

  // The count moves at once with this station's scans; the server's count (all stations)
  // replaces it every few seconds.
  function bumpCount(by) {
    el("count-in").textContent = String(Math.max(0, parseInt(el("count-in").textContent, 10) + by));
  }

  function setOnline(online) {
    state.online = online;
    var status = el("net-status");
    status.textContent = online ? T.online : T.offline;
    status.className = "net " + (online ? "net-online" : "net-offline");
    root.dataset.online = online ? "1" : "0";
  }

  function refreshQueued() {
    return store.queued(slug).then(function (rows) {
      var badge = el("queued");
      badge.hidden = rows.length === 0;
      badge.textContent = T.queued.replace("{n}", rows.length);
      root.dataset.queued = String(rows.length);
      return rows;
    });
  }

  // The button names whose check-in it would undo, so nobody undoes the wrong person.
  function setUndo(target) {
    state.lastUndo = target;
    el("undo").disabled = !target;
    el("undo").textContent = target && target.name ? T.undo_named.replace("{name}", target.name) : T.undo;
  }

  /* ---- the door's list, for offline answers -------------------------------------------- */

  function loadList() {
    return store.loadList(door).then(function (saved) {
      state.list = saved || { door: door, cursor: null, people: {} };
      root.dataset.listSize = String(Object.keys(state.list.people).length);
    });
  }

  function syncList() {
    if (!state.online) { return Promise.resolve(); }
    var path = "/attendees?" + doorQuery() + (state.list.cursor ? "&since=" + encodeURIComponent(state.list.cursor) : "");
    return request("GET", path, undefined, 30000).then(function (answer) {
      if (!answer.ok) { return; }
      answer.body.people.forEach(function (person) {
        var old = state.list.people[person.code_hash];
        if (old && old.local_checkin && !person.checkin_id) { person.local_checkin = old.local_checkin; }
        state.list.people[person.code_hash] = person;
      });
      state.list.cursor = answer.body.cursor;
      root.dataset.listSize = String(Object.keys(state.list.people).length);
      return store.saveList(state.list);
    }).catch(function () {});
  }

  function findPerson(hash, registrationId) {
    var people = state.list ? state.list.people : {};
    if (hash) { return people[hash] || null; }
    for (var key in people) {
      if (people[key].registration_id === registrationId) { return people[key]; }
    }
    return null;
  }

  function answerOffline(scan, person) {
    var outcomes = T.outcomes;
    var who = person ? { name: person.name, organisation: person.organisation } : null;
    if (!person) {
      return { outcome: "unknown", title: outcomes.unknown, message: T.offline_unknown, person: null, keep: true };
    }
    if (person.state !== "confirmed") {
      return { outcome: person.state, title: outcomes[person.state], message: "", person: who, keep: false };
    }
    var at = person.checked_in_at || person.local_checkin;
    if (at) {
      var by = person.checked_in_by || (person.local_checkin ? T.this_station : "");
      var message = by ? T.already_by.replace("{time}", localTime(at)).replace("{who}", by)
                       : T.already_at.replace("{time}", localTime(at));
      return { outcome: "already", title: outcomes.already, message: message, person: who, keep: false };
    }
    person.local_checkin = scan.scanned_at;
    store.saveList(state.list);
    return { outcome: "checked_in", title: outcomes.checked_in, message: T.offline_checked_in, person: who, keep: true };
  }

  /* ---- scanning ------------------------------------------------------------------------ */

  function scanWith(fields, source) {
    var scan = { scan_id: uuid(), slug: slug, day: day, item_id: itemId, station: station,
                 scanned_at: new Date().toISOString(), source: source };
    Object.keys(fields).forEach(function (key) { scan[key] = fields[key]; });
    return store.enqueue(scan).then(function () {
      refreshQueued();
      return state.online ? sendNow(scan) : false;
    }).then(function (answered) {
      return answered || handOffline(scan);
    });
  }

  function sendNow(scan) {
    var body = { scan_id: scan.scan_id, day: scan.day, station: scan.station, scanned_at: scan.scanned_at,
                 source: scan.source };
    if (scan.item_id) { body.item_id = scan.item_id; }
    if (scan.code !== undefined) { body.code = scan.code; } else { body.registration_id = scan.registration_id; }
    return request("POST", "/checkins", body, 4000).then(function (answer) {
      if (answer.status >= 500) { return false; }
      if (answer.status === 401 || (answer.status === 400 && answer.body.error === "csrf_failed") ||
          (token && answer.status === 403)) {
        show({ outcome: "invalid", title: token ? T.token_refused : T.session, message: "", person: null });
        return true;  // kept in the queue: sent after the staff member signs in again
      }
      return store.dequeue(scan.scan_id).then(function () {
        refreshQueued();
        if (!answer.body.outcome) {
          show({ outcome: "invalid", title: answer.body.message || T.error, message: "", person: null });
          return true;
        }
        show(answer.body);
        if (answer.body.outcome === "checked_in" && answer.body.checkin) {
          setUndo({ checkinId: answer.body.checkin.id, name: answer.body.person && answer.body.person.name });
          if (!answer.body.replayed) { bumpCount(1); }
        }
        return true;
      });
    }).catch(function () { return false; });
  }

  function handOffline(scan) {
    var lookup = scan.code !== undefined ? sha256(scan.code) : Promise.resolve(null);
    return lookup.then(function (hash) {
      var answer = answerOffline(scan, findPerson(hash, scan.registration_id));
      show(answer);
      if (!answer.keep) {
        return store.dequeue(scan.scan_id).then(refreshQueued);
      }
      if (answer.outcome === "checked_in") {
        setUndo({ scanId: scan.scan_id, hash: hash, registrationId: scan.registration_id,
                   name: answer.person && answer.person.name });
        bumpCount(1);
      }
    });
  }

  function upload() {
    if (state.uploading || !state.online) { return Promise.resolve(); }
    state.uploading = true;
    return store.queued(slug).then(function (rows) {
      if (!rows.length) { return; }
      var scans = rows.slice(0, 200).map(function (scan) {
        var entry = { scan_id: scan.scan_id, day: scan.day, scanned_at: scan.scanned_at };
        if (scan.item_id) { entry.item_id = scan.item_id; }
        if (scan.code !== undefined) { entry.code = scan.code; } else { entry.registration_id = scan.registration_id; }
        return entry;
      });
      return request("POST", "/checkins/batch", { station: station, scans: scans }, 20000).then(function (answer) {
        if (!answer.ok) { return; }
        var done = answer.body.results.map(function (result) { return store.dequeue(result.scan_id); });
        return Promise.all(done).then(function () {
          if (answer.body.results.some(function (r) { return r.conflict; })) { loadConflicts(); }
          return refreshCounts();
        });
      });
    }).catch(function () {}).then(function () {
      state.uploading = false;
      return refreshQueued();
    });
  }

  function refreshCounts() {
    if (!state.online) { return Promise.resolve(); }
    return request("GET", "/counts?" + doorQuery()).then(function (answer) {
      if (answer.ok) { setCounts(answer.body); }
    }).catch(function () {});
  }

  /* ---- undo ---------------------------------------------------------------------------- */

  function undo() {
    var target = state.lastUndo;
    if (!target) { return; }
    setUndo(null);
    if (target.scanId) {
      // Still in this station's queue: undoing means never sending it.
      store.dequeue(target.scanId).then(function () {
        var person = findPerson(target.hash, target.registrationId);
        if (person) { delete person.local_checkin; store.saveList(state.list); }
        bumpCount(-1);
        show({ outcome: "already", title: T.undone, message: "", person: target.name ? { name: target.name } : null });
        refreshQueued();
      });
      return;
    }
    request("POST", "/checkins/" + target.checkinId + "/undo", {}).then(function (answer) {
      show({ outcome: answer.ok ? "already" : "invalid", title: answer.ok ? T.undone : (answer.body.message || T.error),
             message: "", person: answer.ok ? (answer.body.person || (target.name ? { name: target.name } : null)) : null });
      setCounts(answer.body.counts);
    }).catch(function () { setUndo(target); });
  }

  /* ---- search -------------------------------------------------------------------------- */

  var searchTimer = null;
  function search() {
    var text = el("search-q").value;
    clearTimeout(searchTimer);
    searchTimer = setTimeout(function () {
      if (!fold(text)) { renderResults([]); return; }
      if (state.online) {
        request("GET", "/search?" + doorQuery() + "&q=" + encodeURIComponent(text)).then(function (answer) {
          renderResults(answer.ok ? answer.body.people : []);
        }).catch(function () { renderResults(searchOffline(text)); });
      } else {
        renderResults(searchOffline(text));
      }
    }, 250);
  }

  function searchOffline(text) {
    var words = fold(text).split(" ");
    var people = state.list ? state.list.people : {};
    return Object.keys(people).map(function (k) { return people[k]; }).filter(function (person) {
      var haystack = fold(person.name + " " + person.organisation);
      return words.every(function (word) { return haystack.indexOf(word) !== -1; });
    }).slice(0, 20);
  }

  function renderResults(people) {
    var list = el("search-results");
    list.textContent = "";
    if (!people.length && fold(el("search-q").value)) {
      var none = document.createElement("li");
      none.textContent = T.no_results;
      list.appendChild(none);
    }
    people.forEach(function (person) {
      var li = document.createElement("li");
      li.className = "person-" + person.state;
      var text = document.createElement("span");
      text.className = "person-text";
      var mark = document.createElement("strong");
      mark.className = "state-mark state-" + person.state;
      mark.textContent = T.states[person.state] || person.state;
      text.textContent = person.name + (person.organisation ? " · " + person.organisation : "") +
        (person.email ? " · " + person.email : "") + " ";
      text.appendChild(mark);
      if (person.checked_in_at) {
        text.appendChild(document.createTextNode(" · " + T.outcomes.already + " " + localTime(person.checked_in_at)));
      }
      var button = document.createElement("button");
      button.type = "button";
      button.className = "button";
      button.textContent = T.check_in;
      button.setAttribute("aria-label", T.check_in + ": " + person.name);
      button.addEventListener("click", function () {
        scanWith({ registration_id: person.registration_id }, "search").then(function () {
          el("search-q").value = "";
          renderResults([]);
          el("scan-code").focus();
        });
      });
      li.appendChild(text);
      li.appendChild(button);
      list.appendChild(li);
    });
  }

  /* ---- conflicts ----------------------------------------------------------------------- */

  function loadConflicts() {
    if (!state.online) { return Promise.resolve(); }
    return request("GET", "/conflicts").then(function (answer) {
      if (!answer.ok) { return; }
      var list = el("conflict-list");
      list.textContent = "";
      answer.body.conflicts.forEach(function (conflict) {
        var li = document.createElement("li");
        li.className = "conflict";
        var text = document.createElement("p");
        var existing = conflict.existing_checkin;
        text.textContent = conflict.title + ": " + (conflict.name || "—") + " · " + conflict.scanned_at_local +
          (conflict.station ? " (" + conflict.station + ")" : "") + ". " + (T.conflicts[conflict.kind] || "") +
          (existing ? " " + T.already_by.replace("{time}", existing.scanned_at_local)
                                          .replace("{who}", existing.by || existing.station || "—") : "") +
          (conflict.code ? " " + T.scanned_code.replace("{code}", conflict.code) : "");
        var button = document.createElement("button");
        button.type = "button";
        button.className = "button";
        button.textContent = T.resolve;
        button.addEventListener("click", function () {
          request("POST", "/conflicts/" + conflict.id + "/resolve", {}).then(loadConflicts);
        });
        li.appendChild(text);
        li.appendChild(button);
        list.appendChild(li);
      });
      el("conflicts").hidden = answer.body.conflicts.length === 0;
    }).catch(function () {});
  }

  /* ---- camera -------------------------------------------------------------------------- */

  function toggleCamera() {
    var button = el("camera-toggle");
    if (state.camera) {
      state.camera.stop();
      state.camera = null;
      el("camera").hidden = true;
      button.textContent = T.camera_off;
      button.setAttribute("aria-pressed", "false");
      return;
    }
    var camera = new window.CheckinCamera(el("camera-video"), function (text) {
      scanWith({ code: codeFrom(text) }, "camera");
    });
    el("camera").hidden = false;
    camera.start().then(function () {
      state.camera = camera;
      button.textContent = T.camera_on;
      button.setAttribute("aria-pressed", "true");
    }, function () {
      el("camera").hidden = true;
      show({ outcome: "invalid", title: T.camera_error, message: "", person: null });
    });
  }

  /* ---- walk-ins ------------------------------------------------------------------------ */

  function walkIn(event) {
    event.preventDefault();
    var form = event.target;
    var error = el("walk-in-error");
    var badge = el("walk-in-badge");
    var body = { scan_id: uuid(), day: day, station: station };
    if (itemId) { body.item_id = itemId; }
    ["first_name", "last_name", "email", "organisation", "organisation_type"].forEach(function (name) {
      body[name] = form.elements[name].value;
    });
    body.override_capacity = !!(form.elements.override_capacity && form.elements.override_capacity.checked);
    error.hidden = true;
    badge.hidden = true;
    if (!state.online) {
      error.textContent = T.walk_in_offline;
      error.hidden = false;
      return;
    }
    request("POST", "/walk-ins", body, 10000).then(function (answer) {
      if (!answer.ok) {
        // The form keeps what was typed; the message says what to change.
        error.textContent = answer.body.message || T.error;
        error.hidden = false;
        return;
      }
      show(answer.body);
      setCounts(answer.body.counts);
      if (answer.body.checkin) {
        setUndo({ checkinId: answer.body.checkin.id, name: answer.body.person && answer.body.person.name });
      }
      if (answer.body.badge_url) {
        badge.querySelector("a").href = answer.body.badge_url;
        badge.hidden = false;
      }
      form.reset();
    }).catch(function () {
      error.textContent = T.walk_in_offline;
      error.hidden = false;
    });
  }

  /* ---- wiring -------------------------------------------------------------------------- */

  el("scan-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var input = el("scan-code");
    var code = codeFrom(input.value);
    input.value = "";
    input.focus();
    if (code) { scanWith({ code: code }, "scanner"); }
  });
  el("seat-offer-button").addEventListener("click", seatNow);
  el("undo").addEventListener("click", undo);
  // Undo disables its own button, which would drop the keyboard focus to the page: hand it to
  // the code field, ready for the next badge.
  el("undo").addEventListener("click", function () { el("scan-code").focus(); });
  el("camera-toggle").addEventListener("click", toggleCamera);
  el("search-q").addEventListener("input", search);
  el("walk-in-form").addEventListener("submit", walkIn);

  window.addEventListener("online", function () {
    setOnline(true);
    upload().then(syncList).then(loadConflicts);
  });
  window.addEventListener("offline", function () { setOnline(false); });

  setOnline(navigator.onLine);
  loadList().then(refreshQueued).then(function () {
    root.dataset.ready = "1";
    return upload();
  }).then(syncList).then(loadConflicts);

  setInterval(function () {
    if (!state.online && navigator.onLine) { setOnline(true); }
    upload().then(refreshCounts);
  }, 5000);
  setInterval(syncList, 30000);

  if ("serviceWorker" in navigator) {
    navigator.serviceWorker.register(root.dataset.sw).then(function () {
      // Keep this very page (its door and CSRF token) for a reload while offline.
      if (window.caches && navigator.onLine) {
        caches.open("checkin-pages").then(function (cache) { return cache.add(location.href); }).catch(function () {});
      }
    }).catch(function () {});
  }
})();
