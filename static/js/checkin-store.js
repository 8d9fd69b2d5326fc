/* Check-in station storage in IndexedDB: the queue of scans not yet confirmed by the server
   (kept across reloads and offline spells) and each door's list of people for offline answers. */
(function () {
  "use strict";

  var DB_NAME = "eventapp-checkin";
  var opening = null;

  function open() {
    if (!opening) {
      opening = new Promise(function (resolve, reject) {
        var request = indexedDB.open(DB_NAME, 1);
        request.onupgradeneeded = function () {
          var db = request.result;
          var queue = db.createObjectStore("queue", { keyPath: "scan_id" });
          queue.createIndex("slug", "slug");
          db.createObjectStore("lists", { keyPath: "door" });
        };
        request.onsuccess = function () { resolve(request.result); };
        request.onerror = function () { reject(request.error); };
      });
    }
    return opening;
  }

  function run(storeName, mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(storeName, mode);
        var result;
        tx.oncomplete = function () { resolve(result); };
        tx.onerror = function () { reject(tx.error); };
        tx.onabort = function () { reject(tx.error); };
        var request = work(tx.objectStore(storeName));
        if (request) {
          request.onsuccess = function () { result = request.result; };
        }
      });
    });
  }

  window.CheckinStore = {
    enqueue: function (scan) { return run("queue", "readwrite", function (s) { return s.put(scan); }); },
    dequeue: function (scanId) { return run("queue", "readwrite", function (s) { return s.delete(scanId); }); },
    queued: function (slug) {
      return run("queue", "readonly", function (s) { return s.index("slug").getAll(slug); })
        .then(function (rows) {
          return (rows || []).sort(function (a, b) { return a.scanned_at < b.scanned_at ? -1 : 1; });
        });
    },
    loadList: function (door) { return run("lists", "readonly", function (s) { return s.get(door); }); },
    saveList: function (list) { return run("lists", "readwrite", function (s) { return s.put(list); }); }
  };
})();
