/* Service worker of the check-in station, served from /checkin/sw.js (scope /checkin/), with
   OFFLINE_FILES prepended by the server. Pages and static files: network first, the cached
   copy when the network is gone, so a station reloaded offline still opens. The API is never
   cached here: the station keeps its own queue and list in IndexedDB. */
/* global OFFLINE_FILES */
"use strict";

var STATIC_CACHE = "checkin-static-v1";
var PAGE_CACHE = "checkin-pages";

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(STATIC_CACHE).then(function (cache) { return cache.addAll(OFFLINE_FILES); })
      .then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(self.clients.claim());
});

function networkFirst(request, cacheName) {
  return fetch(request).then(function (response) {
    if (response.ok && response.type === "basic") {
      var copy = response.clone();
      caches.open(cacheName).then(function (cache) { cache.put(request, copy); });
    }
    return response;
  }).catch(function () {
    return caches.match(request).then(function (cached) {
      return cached || Response.error();
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.indexOf("/api/") === 0) { return; }
  if (request.mode === "navigate") {
    if (url.pathname.indexOf("/checkin/") === 0) {
      event.respondWith(networkFirst(request, PAGE_CACHE));
    }
    return;
  }
  if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(networkFirst(request, STATIC_CACHE));
  }
});
