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
})();
