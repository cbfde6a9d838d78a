/* The advance form shows what the chosen stage asks for: the signing and registration boxes from 签约
   and 注册 on, the reason for 终止 (elements with data-stages="…"); without script every box shows. */
(function () {
  var select = document.getElementById("advance-stage");
  if (!select) return;
  function show() {
    document.querySelectorAll("#advance-form [data-stages]").forEach(function (el) {
      el.hidden = el.dataset.stages.split(" ").indexOf(select.value) < 0;
    });
  }
  select.addEventListener("change", show);
  show();
})();
