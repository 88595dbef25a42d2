/* 标注: when a site photo is chosen, it opens full-screen to draw a circle or an arrow on it (drag); 完成 puts
   the marked picture in the form in place of the chosen one, 不标注 keeps the photo as taken. */
(function () {
  var tool = "circle";
  function open(input, file) {
    var url = URL.createObjectURL(file);
    var img = new Image();
    img.onload = function () {
      var box = document.createElement("div");
      box.className = "annotate-box";
      box.setAttribute("role", "dialog");
      box.setAttribute("aria-label", "在照片上标注");
      var tools = document.createElement("div");
      tools.className = "annotate-tools";
      [["circle", "圈出", "btn-light"], ["arrow", "箭头", "btn-light"], ["undo", "撤销", "btn-outline-light"],
       ["skip", "不标注", "btn-secondary"], ["done", "完成", "btn-primary"]].forEach(function (b) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "btn btn-sm " + b[2];
        button.textContent = b[1];
        if (b[0] === "circle" || b[0] === "arrow") button.dataset.tool = b[0]; else button.setAttribute("data-" + b[0], "");
        tools.appendChild(button);
      });
      var canvas = document.createElement("canvas");
      box.appendChild(tools);
      box.appendChild(canvas);
      document.body.appendChild(box);
      var scale = Math.min(1, 1600 / Math.max(img.width, img.height));
      canvas.width = Math.round(img.width * scale);
      canvas.height = Math.round(img.height * scale);
      var ctx = canvas.getContext("2d");
      var marks = [], start = null;
      function paint(extra) {
        ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
        ctx.strokeStyle = "#ff1a1a";
        ctx.lineWidth = Math.max(4, canvas.width / 150);
        marks.concat(extra ? [extra] : []).forEach(function (m) {
          ctx.beginPath();
          if (m.tool === "circle") {
            ctx.ellipse((m.x0 + m.x1) / 2, (m.y0 + m.y1) / 2, Math.abs(m.x1 - m.x0) / 2 + 1,
                        Math.abs(m.y1 - m.y0) / 2 + 1, 0, 0, 2 * Math.PI);
          } else {
            var a = Math.atan2(m.y1 - m.y0, m.x1 - m.x0), h = ctx.lineWidth * 4;
            ctx.moveTo(m.x0, m.y0); ctx.lineTo(m.x1, m.y1);
            ctx.lineTo(m.x1 - h * Math.cos(a - 0.5), m.y1 - h * Math.sin(a - 0.5));
            ctx.moveTo(m.x1, m.y1);
            ctx.lineTo(m.x1 - h * Math.cos(a + 0.5), m.y1 - h * Math.sin(a + 0.5));
          }
          ctx.stroke();
        });
      }
      function at(e) {
        var r = canvas.getBoundingClientRect();
        return [(e.clientX - r.left) * canvas.width / r.width, (e.clientY - r.top) * canvas.height / r.height];
      }
      canvas.addEventListener("pointerdown", function (e) { start = at(e); canvas.setPointerCapture(e.pointerId); });
      canvas.addEventListener("pointermove", function (e) {
        if (!start) return;
        var p = at(e); paint({tool: tool, x0: start[0], y0: start[1], x1: p[0], y1: p[1]});
      });
      canvas.addEventListener("pointerup", function (e) {
        if (!start) return;
        var p = at(e);
        marks.push({tool: tool, x0: start[0], y0: start[1], x1: p[0], y1: p[1]});
        start = null; paint();
      });
      box.querySelectorAll("[data-tool]").forEach(function (b) {
        b.addEventListener("click", function () { tool = b.dataset.tool; });
      });
      box.querySelector("[data-undo]").addEventListener("click", function () { marks.pop(); paint(); });
      function close() { box.remove(); URL.revokeObjectURL(url); }
      box.querySelector("[data-skip]").addEventListener("click", close);
      box.querySelector("[data-done]").addEventListener("click", function () {
        if (!marks.length) { close(); return; }
        canvas.toBlob(function (blob) {
          var marked = new File([blob], file.name.replace(/\.\w+$/, "") + "-标注.jpg", {type: "image/jpeg"});
          var list = new DataTransfer();
          list.items.add(marked);
          input.dataset.annotated = "1";
          input.files = list.files;
          close();
        }, "image/jpeg", 0.9);
      });
      paint();
    };
    img.src = url;
  }
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("input[type=file][data-annotate]")) return;
    if (input.dataset.annotated === "1") { input.dataset.annotated = ""; return; }
    if (input.files && input.files[0] && typeof DataTransfer !== "undefined") open(input, input.files[0]);
  });
})();
