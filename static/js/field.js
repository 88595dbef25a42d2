/* 现场检查: a tap on 符合 or 不适用 saves the item at once (htmx posts the card's form); a tap on 不符合
   opens the description and the photo, saved with the card's 保存 button. The progress bar above the
   items is refreshed by each answer's response (an out-of-band swap). */
(function () {
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches(".item-card input[name=result]")) return;
    var form = input.form;
    var card = input.closest(".item-card");
    if (input.value === "fail") {
      card.classList.add("item-failing");
      var note = form.querySelector("textarea[name=note]");
      if (note) note.focus();
      return;
    }
    card.classList.remove("item-failing");
    if (form.requestSubmit) form.requestSubmit(); else form.submit();
  });

  /* The phone's position, for photos whose camera wrote no GPS: asked once, put into every card's form
     (and into cards htmx swaps in later). Refused or unavailable: the photo is stamped "未取得定位". */
  var position = null;
  function fill(root) {
    if (!position) return;
    root.querySelectorAll("input[data-geo=lat]").forEach(function (i) { i.value = position.latitude.toFixed(6); });
    root.querySelectorAll("input[data-geo=lng]").forEach(function (i) { i.value = position.longitude.toFixed(6); });
  }
  if (navigator.geolocation && document.querySelector("input[data-geo]")) {
    navigator.geolocation.getCurrentPosition(function (p) { position = p.coords; fill(document); },
                                             function () {}, {enableHighAccuracy: true, timeout: 10000});
  }
  document.addEventListener("htmx:afterSwap", function (event) { fill(event.target); });
})();
