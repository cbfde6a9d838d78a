/* Liandong charts: thin wrappers over the locally served ECharts. */
window.Liandong = (function () {
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
        grid: { left: 100, right: 30, top: 10, bottom: 30 },
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
