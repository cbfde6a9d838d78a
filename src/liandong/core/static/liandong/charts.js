/* Liandong charts: thin wrappers over the locally served ECharts. */
window.Liandong = (function () {
  /* Text from the registry goes into tooltips as text: ECharts sets a formatter's result as HTML. */
  function esc(text) {
    return String(text == null ? "" : text).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  function init(id) {
    var el = document.getElementById(id);
    if (!el || !window.echarts) return null;
    var chart = echarts.init(el, null, { renderer: "canvas" });
    window.addEventListener("resize", function () { chart.resize(); });
    return chart;
  }
  return {
    bar: function (id, data) {
      var chart = init(id); if (!chart) return;
      chart.setOption({
        grid: { left: 10, right: 40, top: 10, bottom: 30, containLabel: true },
        xAxis: { type: "value" },
        yAxis: { type: "category", data: data.names, inverse: true },
        tooltip: {},
        series: [{ type: "bar", data: data.values, itemStyle: { color: "#1f6feb" }, label: { show: true, position: "right" } }]
      });
    },
    lines: function (id, data, series) {
      var chart = init(id); if (!chart) return;
      chart.setOption({
        grid: { left: 70, right: 20, top: 40, bottom: 50 },
        tooltip: { trigger: "axis" },
        legend: { top: 0 },
        xAxis: { type: "category", data: data.periods },
        yAxis: { type: "value", name: data.unit || "" },
        dataZoom: [{ type: "inside" }, { type: "slider", height: 16, bottom: 8 }],
        series: series.map(function (s) { return { name: s.name, type: "line", smooth: true, showSymbol: false, data: data[s.key] }; })
      });
    },
    stacked: function (id, data, labels) {
      var chart = init(id); if (!chart) return;
      chart.setOption({
        grid: { left: 120, right: 30, top: 30, bottom: 20 }, tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
        legend: { top: 0 }, xAxis: { type: "value" }, yAxis: { type: "category", data: data.chains, inverse: true },
        series: data.series.map(function (s) {
          return { name: labels[s.status] || s.status, type: "bar", stack: "nodes", data: s.values,
                   itemStyle: { color: s.color }, label: { show: true, formatter: function (p) { return p.value || ""; } } };
        })
      });
    },
    chainMap: function (id, data, onClick) {
      var chart = init(id); if (!chart) return { showExternal: function () {} };
      var externalIds = {};
      data.nodes.forEach(function (n) { if (n.external) externalIds[n.id] = true; });
      function option(showExternal) {
        var nodes = data.nodes.filter(function (n) { return showExternal || !n.external; });
        var links = data.links.filter(function (l) { return showExternal || (!externalIds[l.source] && !externalIds[l.target]); });
        return {
          tooltip: { formatter: function (p) { return p.dataType === "node" ? (esc(p.data.name) + (p.data.reason ? "<br>" + esc(p.data.reason) : "")) : ""; } },
          series: [{
            type: "graph", layout: "none", roam: true, draggable: false, data: nodes, links: links,
            edgeSymbol: ["none", "arrow"], edgeSymbolSize: 6,
            label: { show: true, position: "right", fontSize: 11 }, emphasis: { focus: "adjacency" },
            lineStyle: { opacity: 0.7, width: 1 }
          }]
        };
      }
      chart.on("finished", function () { document.getElementById(id).dataset.ready = "1"; });
      chart.setOption(option(false));
      window.LiandongMaps = window.LiandongMaps || {};
      window.LiandongMaps[id] = chart;  // for tests and power users: the ECharts instance
      chart.on("click", function (p) { if (p.dataType === "node" && !p.data.external && onClick) onClick(p.data.id); });
      return { chart: chart, showExternal: function (on) { chart.setOption(option(on), { replaceMerge: ["series"] }); } };
    },
    tree: function (id, data, onClick) {
      var chart = init(id); if (!chart) return;
      chart.setOption({
        tooltip: { trigger: "item", triggerOn: "mousemove" },
        series: [{
          type: "tree", data: [data], top: "2%", left: "8%", bottom: "2%", right: "18%",
          symbolSize: 9, initialTreeDepth: 2, expandAndCollapse: true, animationDuration: 300,
          label: { position: "left", verticalAlign: "middle", align: "right", fontSize: 12 },
          leaves: { label: { position: "right", verticalAlign: "middle", align: "left" } },
          itemStyle: { color: "#1f6feb", borderColor: "#1f6feb" }
        }]
      });
      chart.on("click", function (p) { if (onClick && p.data && p.data.code && !p.data.children.length) onClick(p.data.code); });
    }
  };
})();
