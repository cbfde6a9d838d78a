/* The chain page and the enterprise's chain outline: the map (#chain-map, its data in the json_script
   named by data-chart-data) opens a node's panel from the URL in data-node-url (NODE stands for the
   node's code); the #show-external box shows other chains' nodes; .node-link links open a node too. */
(function () {
  function wire() {
    var el = document.getElementById("chain-map");
    if (!el || !el.dataset.nodeUrl || el.dataset.wired) return;
    el.dataset.wired = "1";
    var panelUrl = el.dataset.nodeUrl, panel = document.getElementById("node-panel");
    function openNode(code) {
      htmx.ajax("GET", panelUrl.replace("NODE", encodeURIComponent(code)), { target: "#node-panel", swap: "innerHTML" });
    }
    var source = document.getElementById(el.dataset.chartData);
    var map = Liandong.chainMap(el.id, JSON.parse(source.textContent), openNode);
    var toggle = document.getElementById("show-external");
    if (toggle) toggle.addEventListener("change", function (e) { map.showExternal(e.target.checked); });
    document.querySelectorAll(".node-link").forEach(function (a) {
      a.addEventListener("click", function (ev) {
        ev.preventDefault(); openNode(a.dataset.node);
        if (panel) panel.scrollIntoView({ block: "nearest" });
      });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", wire); else wire();
})();
