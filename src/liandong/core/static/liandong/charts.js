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
  /* The chain map's layout, in pixels. The server gives each node a column (x: stage, segment or
     sub-segment, other chains left and right) and a row (y); here columns are spaced by the widest
     label they hold and rows by the tallest, so every label lies inside the map and none covers
     another. When the labels do not fit the width, long ones wrap (within their column); when the
     rows do not fit the height, the map grows taller. */
  var MAP_LABEL = { fontSize: 12, lineHeight: 16, distance: 5, gap: 14, margin: 10, minWidth: 48, maxRow: 44,
                    fontFamily: '"Noto Sans CJK SC", "Noto Sans SC", "PingFang SC", "Microsoft YaHei", sans-serif' };
  function labelSize(text, width) {
    var t = new echarts.graphic.Text({ style: {
      text: text, fontSize: MAP_LABEL.fontSize, fontFamily: MAP_LABEL.fontFamily, lineHeight: MAP_LABEL.lineHeight,
      width: width, overflow: width ? "break" : null } });
    var r = t.getBoundingRect();
    return { width: r.width, height: r.height };
  }
  function ranks(values) {
    var sorted = values.filter(function (v, i) { return values.indexOf(v) === i; }).sort(function (a, b) { return a - b; });
    var at = {}; sorted.forEach(function (v, i) { at[v] = i; });
    return at;
  }
  function mapLayout(nodes, el, chart) {
    var L = MAP_LABEL;
    el.style.height = "";  // back to the stylesheet's height before measuring
    var width = el.clientWidth, height = el.clientHeight;
    var colOf = ranks(nodes.map(function (n) { return n.x; }));
    var rowOf = ranks(nodes.filter(function (n) { return !n.external; }).map(function (n) { return n.y; }));
    var cols = [];
    var items = nodes.map(function (n) {
      var size = typeof n.symbolSize === "number" ? n.symbolSize : 10;
      // another chain's node: the chain's name above the node's
      var label = n.external && n.name.indexOf("·") > 0 ? n.name.replace("·", "\n") : n.name;
      var it = { node: n, label: label, col: colOf[n.x], row: n.external ? n.y : rowOf[n.y], r: size / 2, text: labelSize(label, null) };
      var c = cols[it.col] = cols[it.col] || { r: 0, natural: 0, items: [], external: !!n.external };
      c.r = Math.max(c.r, it.r); c.natural = Math.max(c.natural, it.text.width); c.items.push(it);
      return it;
    });
    function extent(cap) {  // the columns' x and the right edge, labels no wider than cap
      var xs = [], x = L.margin;
      cols.forEach(function (c, i) {
        x += (i ? L.gap : 0) + c.r;
        xs.push(x);
        x += c.r + L.distance + Math.min(c.natural, cap);
      });
      return { xs: xs, right: x + L.margin };
    }
    var widest = Math.max.apply(null, cols.map(function (c) { return c.natural; }));
    var low = Math.min(L.minWidth, widest), high = Math.ceil(widest), cap = high;
    if (extent(high).right > width) {  // the widest cap that fits (wrapping what is longer)
      cap = low;
      while (low <= high) {
        var mid = Math.floor((low + high) / 2);
        if (extent(mid).right <= width) { cap = mid; low = mid + 1; } else { high = mid - 1; }
      }
    }
    var placed = extent(cap);
    var spare = Math.max(0, width - placed.right), step = cols.length > 1 ? Math.min(spare / (cols.length - 1), 120) : 0;
    var shift = (spare - step * (cols.length - 1)) / 2;  // what is left centres the map
    items.forEach(function (it) {
      var limit = Math.min(cols[it.col].natural, cap), lines = Math.ceil(it.text.width / limit - 0.01);
      // wrapped lines of even length (no lone character on the last line)
      it.wrap = lines > 1 ? Math.min(limit, Math.ceil(it.text.width / lines) + L.fontSize) : null;
      it.h = it.wrap ? labelSize(it.label, it.wrap).height : it.text.height;
      it.x = placed.xs[it.col] + shift + step * it.col;
    });
    // rows: neighbours in a column keep their labels and symbols apart. The chain's own columns share
    // one row pitch (a segment sits level with its first sub-segment); other chains' columns have their own.
    function spacing(list) {
      var pitch = 0;
      list.forEach(function (it, i) {
        var prev = list[i - 1];
        if (prev && it.row > prev.row) {
          pitch = Math.max(pitch, Math.max((prev.h + it.h) / 2 + 2, prev.r + it.r + 2) / (it.row - prev.row));
        }
      });
      return pitch;
    }
    var own = cols.filter(function (c) { return !c.external; }), others = cols.filter(function (c) { return c.external; });
    own.forEach(function (c) { c.items.sort(function (a, b) { return a.row - b.row; }); });
    others.forEach(function (c) {
      c.items.sort(function (a, b) { return a.row - b.row; });
      c.items.forEach(function (it, i) { it.row = i; });
    });
    var lastRow = 0, top = L.margin, bottom = L.margin, pitch = 1;
    own.forEach(function (c) { pitch = Math.max(pitch, spacing(c.items)); lastRow = Math.max(lastRow, c.items[c.items.length - 1].row); });
    cols.forEach(function (c) {
      var first = c.items[0], last = c.items[c.items.length - 1];
      if (c.external || first.row === 0) top = Math.max(top, Math.max(first.h / 2, first.r) + L.margin);
      if (c.external || last.row === lastRow) bottom = Math.max(bottom, Math.max(last.h / 2, last.r) + L.margin);
    });
    if (lastRow) pitch = Math.max(pitch, Math.min(L.maxRow, (height - top - bottom) / lastRow));
    var span = pitch * lastRow;
    others.forEach(function (c) {
      c.pitch = Math.max(spacing(c.items), Math.min(pitch, c.items.length > 1 ? span / (c.items.length - 1) : pitch));
      span = Math.max(span, c.pitch * (c.items.length - 1));
    });
    var needed = Math.ceil(top + bottom + span);
    if (needed > height) { el.style.height = needed + "px"; height = needed; }
    var offset = Math.max(0, (height - needed) / 2);
    var out = items.map(function (it) {
      var n = {}; for (var k in it.node) n[k] = it.node[k];
      n.x = it.x; n.y = offset + top + (cols[it.col].external ? cols[it.col].pitch : pitch) * it.row;
      if (it.wrap) n.label = { width: Math.floor(it.wrap), overflow: "break" };
      if (it.label !== n.name) {
        n.label = n.label || {};
        n.label.formatter = (function (text) { return function () { return text; }; })(it.label);
      }
      return n;
    });
    var xs = out.map(function (n) { return n.x; }), ys = out.map(function (n) { return n.y; });
    var box = { left: Math.min.apply(null, xs), top: Math.min.apply(null, ys) };
    box.width = Math.max(1, Math.max.apply(null, xs) - box.left);
    box.height = Math.max(1, Math.max.apply(null, ys) - box.top);
    return { nodes: out, box: box };
  }
  /* Long category names (policy names) wrap into lines of even length; the grid makes room for every
     one, none skipped. */
  function wrapNames(el) {
    var chart = window.echarts && echarts.getInstanceByDom(el);
    if (!chart) return;
    var perLine = Math.max(6, Math.floor(Math.min(260, el.clientWidth * 0.3) / 13));  // characters at 12 px
    chart.setOption({
      grid: { left: 8, right: 24, top: 36, bottom: 8, containLabel: true },
      xAxis: { minInterval: 1 },  // enterprises are counted whole
      // a named CJK face: with the bare "sans-serif" ECharts measured the names narrower than drawn
      yAxis: { axisLabel: { interval: 0, lineHeight: 16, fontSize: 12,
                            fontFamily: '"Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", sans-serif',
                            formatter: function (name) {
        if (name.length <= perLine) return name;  // longer: lines of even length, no lone bracket
        var lines = Math.ceil(name.length / perLine), size = Math.ceil(name.length / lines), out = [];
        for (var i = 0; i < name.length; i += size) out.push(name.slice(i, i + size));
        return out.join("\n");
      } } }
    });
  }
  return {
    esc: esc,
    wrapNames: wrapNames,
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
    /* A funnel: data.names (top first) and data.values; each layer labelled with its name and count. */
    funnel: function (id, data) {
      var chart = init(id); if (!chart) return;
      var max = Math.max.apply(null, data.values.concat([1]));
      chart.setOption({
        tooltip: { trigger: "item", formatter: function (p) { return esc(p.name) + "：" + p.value; } },
        series: [{ type: "funnel", sort: "none", left: "10%", right: "10%", top: 10, bottom: 10, min: 0, max: max,
                   minSize: "8%", gap: 2, label: { show: true, position: "inside", color: "#fff",
                   formatter: function (p) { return p.name + "  " + p.value; } },
                   data: data.names.map(function (n, i) { return { name: n, value: data.values[i] }; }) }]
      });
    },
    /* Vertical bars over periods: data.periods, data.values, data.unit (the value axis's name). */
    columns: function (id, data) {
      var chart = init(id); if (!chart) return;
      chart.setOption({
        grid: { left: 10, right: 20, top: 30, bottom: 10, containLabel: true },
        tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
        xAxis: { type: "category", data: data.periods },
        yAxis: { type: "value", name: data.unit || "", minInterval: 1 },
        series: [{ type: "bar", data: data.values, itemStyle: { color: "#1f6feb" }, label: { show: true, position: "top" } }]
      });
    },
    /* Grouped columns: data.periods on x, data.series [{name, values}] side by side, data.unit. */
    groups: function (id, data) {
      var chart = init(id); if (!chart) return;
      var colors = ["#9db4d3", "#1f6feb", "#1a7f37", "#bf8700"];
      chart.setOption({
        grid: { left: 10, right: 20, top: 40, bottom: 10, containLabel: true },
        tooltip: { trigger: "axis", axisPointer: { type: "shadow" } }, legend: { top: 0 },
        xAxis: { type: "category", data: data.periods },
        yAxis: { type: "value", name: data.unit || "" },
        series: data.series.map(function (s, i) {
          return { name: s.name, type: "bar", data: s.values, itemStyle: { color: colors[i % colors.length] } };
        })
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
      var el = document.getElementById(id);
      var externalIds = {}, shown = false;
      data.nodes.forEach(function (n) { if (n.external) externalIds[n.id] = true; });
      function option(showExternal) {
        var nodes = data.nodes.filter(function (n) { return showExternal || !n.external; });
        var links = data.links.filter(function (l) { return showExternal || (!externalIds[l.source] && !externalIds[l.target]); });
        var placed = mapLayout(nodes, el, chart);
        return {
          tooltip: { formatter: function (p) { return p.dataType === "node" ? (esc(p.data.name) + (p.data.reason ? "<br>" + esc(p.data.reason) : "")) : ""; } },
          series: [{
            type: "graph", layout: "none", roam: true, draggable: false, data: placed.nodes, links: links,
            left: placed.box.left, top: placed.box.top, width: placed.box.width, height: placed.box.height,
            edgeSymbol: ["none", "arrow"], edgeSymbolSize: 6,
            label: { show: true, position: "right", distance: MAP_LABEL.distance, fontSize: MAP_LABEL.fontSize,
                     fontFamily: MAP_LABEL.fontFamily, lineHeight: MAP_LABEL.lineHeight },
            emphasis: { focus: "adjacency" },
            lineStyle: { opacity: 0.7, width: 1 }
          }]
        };
      }
      function draw() {
        var before = el.style.height, next = option(shown);
        // the map grows or shrinks to its rows before drawing: a resize during the entrance
        // animation would stop it half way
        if (el.style.height !== before) chart.resize();
        chart.setOption(next, { replaceMerge: ["series"] });
      }
      chart.on("finished", function () { el.dataset.ready = "1"; });
      draw();
      var pending = null;
      window.addEventListener("resize", function () {  // the columns follow the map's width
        if (pending) cancelAnimationFrame(pending);
        pending = requestAnimationFrame(function () { pending = null; draw(); });
      });
      window.LiandongMaps = window.LiandongMaps || {};
      window.LiandongMaps[id] = chart;  // for tests and power users: the ECharts instance
      chart.on("click", function (p) { if (p.dataType === "node" && !p.data.external && onClick) onClick(p.data.id); });
      return { chart: chart, showExternal: function (on) { shown = !!on; draw(); } };
    },
    /* A network (force layout): data.nodes {id, name, short (the label), category, symbolSize, label}, data.links
       {source, target}, data.categories {name} (the legend, one colour each); a click on a node
       opens nodeUrl with the node's id in place of the 0. */
    network: function (id, data, nodeUrl) {
      var chart = init(id); if (!chart) return;
      var n = data.nodes.length, crowded = n > 60, busy = n > 25;  // many units: closer together, pulled in
      chart.setOption({
        color: ["#1f6feb", "#8250df", "#bf8700", "#cf222e", "#1a7f37", "#0a7ea4", "#6e7781"],
        legend: { top: 0, data: data.categories.map(function (c) { return c.name; }) },
        tooltip: { formatter: function (p) { return p.dataType === "node" ? esc(p.data.name) : ""; } },
        series: [{
          type: "graph", layout: "force", roam: true, draggable: true, top: 50, bottom: 10, data: data.nodes,
          links: data.links, categories: data.categories,
          force: { repulsion: crowded ? 45 : busy ? 110 : 220, edgeLength: crowded ? [25, 70] : [50, 130],
                   gravity: crowded ? 0.3 : 0.1 },
          label: { position: "right", fontSize: 11, formatter: function (p) { return p.data.short || p.name; } },
          labelLayout: { hideOverlap: true },
          emphasis: { focus: "adjacency", label: { show: true } }, lineStyle: { color: "source", width: 1.5, opacity: 0.6 }
        }]
      });
      chart.on("click", function (p) {
        if (p.dataType === "node" && nodeUrl) window.location.href = nodeUrl.replace(/\/0\/$/, "/" + p.data.id + "/");
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

/* Every chart is drawn from its element's attributes, no script in the page (the Content-Security-Policy
   allows none): data-chart names the kind (bar, columns, groups, funnel, lines, stacked, network), data-chart-data the id of the
   json_script element with its data, data-chart-series / data-chart-labels the ids of the lines' series
   and the stacked bars' status labels; data-chart-wrap="names" wraps long category names. Run on load
   and after every HTMX swap; a chart is drawn once. */
(function () {
  function json(id) {
    var el = id && document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }
  var KINDS = {
    bar: function (el, data) { Liandong.bar(el.id, data); },
    funnel: function (el, data) { Liandong.funnel(el.id, data); },
    columns: function (el, data) { Liandong.columns(el.id, data); },
    groups: function (el, data) { Liandong.groups(el.id, data); },
    lines: function (el, data) { Liandong.lines(el.id, data, json(el.dataset.chartSeries) || data.series || []); },
    stacked: function (el, data) { Liandong.stacked(el.id, data, json(el.dataset.chartLabels) || {}); },
    network: function (el, data) { Liandong.network(el.id, data, el.dataset.nodeUrl); }
  };
  function draw(root) {
    var found = Array.prototype.slice.call(root.querySelectorAll ? root.querySelectorAll("[data-chart]") : []);
    if (root.dataset && root.dataset.chart) found.unshift(root);
    found.forEach(function (el) {
      var kind = KINDS[el.dataset.chart], data = json(el.dataset.chartData);
      if (!kind || !data || el.dataset.chartDrawn) return;
      el.dataset.chartDrawn = "1";
      kind(el, data);
      if (el.dataset.chartWrap === "names") Liandong.wrapNames(el);
    });
  }
  Liandong.drawCharts = draw;
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { draw(document); });
  } else {
    draw(document);
  }
  document.addEventListener("htmx:afterSwap", function (e) { draw(e.detail && e.detail.target || document); });
})();
