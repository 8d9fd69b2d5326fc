/* Camera scanning for the check-in station: frames from getUserMedia decoded by jsQR
   (vendored in static/vendor/jsqr). Calls onCode(text) once per code, again only after
   the same code has been out of view for a moment. */
(function () {
  "use strict";

  var FRAME_MS = 120;
  var SAME_CODE_MS = 3000;

  function CameraScanner(video, onCode) {
    this.video = video;
    this.onCode = onCode;
    this.canvas = document.createElement("canvas");
    this.context = this.canvas.getContext("2d", { willReadFrequently: true });
    this.stream = null;
    this.timer = null;
    this.lastCode = null;
    this.lastSeen = 0;
  }

  CameraScanner.prototype.start = function () {
    var self = this;
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      return Promise.reject(new Error("no camera API"));
    }
    return navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" }, audio: false })
      .then(function (stream) {
        self.stream = stream;
        self.video.srcObject = stream;
        return self.video.play();
      })
      .then(function () { self.timer = window.setInterval(function () { self.tick(); }, FRAME_MS); });
  };

  CameraScanner.prototype.stop = function () {
    window.clearInterval(this.timer);
    this.timer = null;
    if (this.stream) {
      this.stream.getTracks().forEach(function (track) { track.stop(); });
    }
    this.stream = null;
    this.video.srcObject = null;
  };

  CameraScanner.prototype.tick = function () {
    var video = this.video;
    if (video.readyState < 2 || !video.videoWidth || typeof window.jsQR !== "function") {
      return;
    }
    // Decode a frame of at most 640 px across: enough for a badge, cheap on phones.
    var scale = Math.min(1, 640 / video.videoWidth);
    var width = Math.round(video.videoWidth * scale);
    var height = Math.round(video.videoHeight * scale);
    this.canvas.width = width;
    this.canvas.height = height;
    this.context.drawImage(video, 0, 0, width, height);
    var image = this.context.getImageData(0, 0, width, height);
    var found = window.jsQR(image.data, width, height, { inversionAttempts: "dontInvert" });
    var now = Date.now();
    if (found && found.data) {
      if (found.data !== this.lastCode || now - this.lastSeen > SAME_CODE_MS) {
        this.onCode(found.data);
      }
      this.lastCode = found.data;
      this.lastSeen = now;
    }
  };

  window.CheckinCamera = CameraScanner;
})();
