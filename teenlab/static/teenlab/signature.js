// teenlab: the signature pad of the sign-in (émargement). No library: a canvas and pointer
// events (finger, pen and mouse alike). Keyboard and screen-reader users sign by typing their
// name, which is drawn into the same canvas, so every signature reaches the server as a PNG.
(function () {
  "use strict";

  var INK = "#111827";

  function SignaturePad(root) {
    this.root = root;
    this.canvas = root.querySelector("canvas");
    this.context = this.canvas.getContext("2d");
    this.error = root.querySelector("[data-signature-error]");
    this.typed = root.querySelector("[data-signature-typed]");
    this.typedName = "";
    this.empty = true;
    this.drawing = false;
    this.last = null;
    this.resize();
    var pad = this;
    this.canvas.addEventListener("pointerdown", function (e) { pad.start(e); });
    this.canvas.addEventListener("pointermove", function (e) { pad.move(e); });
    ["pointerup", "pointercancel", "pointerleave"].forEach(function (name) {
      pad.canvas.addEventListener(name, function (e) { pad.stop(e); });
    });
    var useTyped = root.querySelector("[data-signature-use-typed]");
    if (useTyped && this.typed) {
      useTyped.addEventListener("click", function () { pad.drawTyped(); });
      this.typed.addEventListener("keydown", function (e) {
        if (e.key === "Enter") { e.preventDefault(); pad.drawTyped(); }
      });
    }
    window.addEventListener("resize", function () { if (pad.empty) pad.resize(); });
  }

  // The canvas keeps its drawn size in CSS pixels and its buffer in device pixels (sharp ink).
  SignaturePad.prototype.resize = function () {
    var ratio = Math.max(window.devicePixelRatio || 1, 1);
    var box = this.canvas.getBoundingClientRect();
    var width = Math.round(box.width || this.canvas.width);
    var height = Math.round(box.height || this.canvas.height);
    this.canvas.width = width * ratio;
    this.canvas.height = height * ratio;
    this.context.setTransform(ratio, 0, 0, ratio, 0, 0);
    this.width = width;
    this.height = height;
    this.clear();
  };

  SignaturePad.prototype.clear = function () {
    this.context.clearRect(0, 0, this.width || this.canvas.width, this.height || this.canvas.height);
    this.empty = true;
    this.typedName = "";
    this.showError(false);
  };

  SignaturePad.prototype.point = function (event) {
    var box = this.canvas.getBoundingClientRect();
    return { x: event.clientX - box.left, y: event.clientY - box.top, p: event.pressure || 0.5 };
  };

  SignaturePad.prototype.start = function (event) {
    if (event.button !== undefined && event.button > 0) return;
    event.preventDefault();
    if (this.typedName) this.clear();
    this.canvas.setPointerCapture(event.pointerId);
    this.drawing = true;
    this.last = this.point(event);
    this.dot(this.last);
  };

  SignaturePad.prototype.move = function (event) {
    if (!this.drawing) return;
    event.preventDefault();
    var events = event.getCoalescedEvents ? event.getCoalescedEvents() : [event];
    for (var i = 0; i < events.length; i++) {
      var next = this.point(events[i]);
      this.line(this.last, next);
      this.last = next;
    }
  };

  SignaturePad.prototype.stop = function () {
    this.drawing = false;
    this.last = null;
  };

  SignaturePad.prototype.width_for = function (p) {
    return 1.6 + 2.2 * Math.min(Math.max(p, 0.2), 1);
  };

  SignaturePad.prototype.dot = function (at) {
    var c = this.context;
    c.fillStyle = INK;
    c.beginPath();
    c.arc(at.x, at.y, this.width_for(at.p) / 2, 0, Math.PI * 2);
    c.fill();
    this.empty = false;
    this.showError(false);
  };

  SignaturePad.prototype.line = function (from, to) {
    var c = this.context;
    c.strokeStyle = INK;
    c.lineCap = "round";
    c.lineJoin = "round";
    c.lineWidth = this.width_for(to.p);
    c.beginPath();
    c.moveTo(from.x, from.y);
    c.lineTo(to.x, to.y);
    c.stroke();
    this.empty = false;
  };

  SignaturePad.prototype.drawTyped = function () {
    var name = (this.typed.value || "").trim();
    if (!name) { this.typed.focus(); return; }
    this.clear();
    var c = this.context;
    var size = Math.min(this.height * 0.45, 48);
    c.fillStyle = INK;
    c.textBaseline = "middle";
    c.font = "italic " + size + "px 'Segoe Script', 'Brush Script MT', cursive, serif";
    while (c.measureText(name).width > this.width - 24 && size > 12) {
      size -= 2;
      c.font = "italic " + size + "px 'Segoe Script', 'Brush Script MT', cursive, serif";
    }
    c.fillText(name, 16, this.height / 2);
    this.empty = false;
    this.typedName = name;
    this.showError(false);
  };

  SignaturePad.prototype.showError = function (show) {
    if (this.error) this.error.hidden = !show;
  };

  SignaturePad.prototype.dataURL = function () {
    return this.canvas.toDataURL("image/png");
  };

  // The countersignature: a plain form; the PNG goes in its hidden input on submit.
  function setupForm(form) {
    var pad = new SignaturePad(form.querySelector("[data-signature-pad]"));
    var input = form.querySelector("[data-signature-input]");
    var clear = form.querySelector("[data-signature-clear]");
    if (clear) clear.addEventListener("click", function () { pad.clear(); });
    form.addEventListener("submit", function (event) {
      if (pad.empty) {
        event.preventDefault();
        pad.showError(true);
        return;
      }
      input.value = pad.dataURL();
    });
  }

  // The young people's pad (in the sign-in page's dialog) is driven by signin.js.
  window.TeenlabSignaturePad = SignaturePad;

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("form[data-signature-form]").forEach(setupForm);
  });
})();
