/* 现场签名: draw with a finger (or a mouse) on the canvas; 确认签名 puts the PNG into the form's hidden field. */
(function () {
  document.querySelectorAll("[data-signature]").forEach(function (form) {
    var canvas = form.querySelector("canvas");
    var ctx = canvas.getContext("2d");
    var drawing = false, drawn = false;
    function fit() {
      var ratio = window.devicePixelRatio || 1;
      var width = canvas.clientWidth;
      canvas.width = width * ratio;
      canvas.height = 160 * ratio;
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      ctx.lineWidth = 2.5; ctx.lineCap = "round"; ctx.lineJoin = "round"; ctx.strokeStyle = "#000";
      drawn = false;
    }
    function point(e) {
      var r = canvas.getBoundingClientRect();
      return [e.clientX - r.left, e.clientY - r.top];
    }
    canvas.addEventListener("pointerdown", function (e) {
      drawing = true; canvas.setPointerCapture(e.pointerId);
      var p = point(e); ctx.beginPath(); ctx.moveTo(p[0], p[1]);
    });
    canvas.addEventListener("pointermove", function (e) {
      if (!drawing) return;
      var p = point(e); ctx.lineTo(p[0], p[1]); ctx.stroke(); drawn = true;
    });
    ["pointerup", "pointercancel", "pointerleave"].forEach(function (name) {
      canvas.addEventListener(name, function () { drawing = false; });
    });
    form.querySelector("[data-clear]").addEventListener("click", function () { fit(); });
    form.addEventListener("reset", function () { fit(); });  // kept offline: the next signature starts blank
    form.addEventListener("submit", function (e) {
      if (!drawn) { e.preventDefault(); form.querySelector("[data-empty]").hidden = false; return; }
      form.querySelector("input[name=image]").value = canvas.toDataURL("image/png");
    });
    fit();
  });
})();
