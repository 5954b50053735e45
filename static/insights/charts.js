/* Atlas insights: draws every [data-insights-chart] element with Apache ECharts from its JSON data
 * block (a <script type="application/json"> written by Django's json_script), so pages need no
 * inline script and run under a strict Content-Security-Policy. */
(function () {
  "use strict";

  var PALETTE = ["#2f6fdb", "#e8853d", "#2e9e6e", "#8e5cc2", "#d64545", "#6b7b8c", "#c9a400"];
  var TIER_COLORS = { L0: "#2f6fdb", L1: "#e8853d", L2: "#2e9e6e" };

  function isEnglish() {
    return (document.documentElement.lang || "zh-hans").toLowerCase().indexOf("en") === 0;
  }

  var numberFormat = new Intl.NumberFormat(isEnglish() ? "en" : "zh-CN", {
    maximumFractionDigits: 4,
  });

  function fmt(value) {
    return value === null || value === undefined || value === "-" ? "–" : numberFormat.format(value);
  }

  function escape(text) {
    return window.echarts.format.encodeHTML(String(text));
  }

  function narrow(el) {
    return el.clientWidth < 480;
  }

  var SANS = '"Noto Sans CJK SC", "Source Han Sans SC", "PingFang SC", "Microsoft YaHei", ' +
    'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';

  function fontFamily(el) {
    // The page's font when it is a sans-serif one; canvas text never inherits it by itself.
    var font = window.getComputedStyle(el).fontFamily || "";
    return /sans|hei|pingfang|system-ui|roboto|helvetica|arial/i.test(font) ? font : SANS;
  }

  function allIntegers(spec) {
    return spec.series.every(function (s) {
      return s.data.every(function (v) { return v === null || Number.isInteger(v); });
    });
  }

  function base(spec, el, legend) {
    return {
      color: PALETTE,
      animation: !window.matchMedia("(prefers-reduced-motion: reduce)").matches,
      textStyle: { fontFamily: fontFamily(el), fontSize: narrow(el) ? 11 : 12 },
      grid: { left: 8, right: 16, top: legend ? 44 : 28, bottom: 8, containLabel: true },
      legend: legend
        ? { type: "scroll", top: 0, left: "center", itemWidth: 14, itemHeight: 10 }
        : { show: false },
      tooltip: { trigger: "axis", confine: true, valueFormatter: fmt },
    };
  }

  function categoryLabels(el, count) {
    // Long series (a register counted by month): let ECharts thin the labels out.
    if (count > 12) return { interval: "auto", hideOverlap: true };
    var width = Math.max(40, (el.clientWidth - 60) / Math.max(count, 1) - 6);
    return { interval: 0, width: width, overflow: "break", hideOverlap: false };
  }

  function valueAxis(spec) {
    return {
      type: "value",
      minInterval: allIntegers(spec) ? 1 : 0,
      axisLabel: { formatter: fmt },
      splitLine: { lineStyle: { opacity: 0.4 } },
    };
  }

  function barLike(spec, el, options) {
    var legend = spec.series.length > 1;
    var option = base(spec, el, legend);
    option.xAxis = {
      type: "category",
      data: spec.categories,
      axisLabel: categoryLabels(el, spec.categories.length),
      axisTick: { alignWithLabel: true },
    };
    option.yAxis = valueAxis(spec);
    option.series = spec.series.map(function (s) {
      return {
        name: s.name,
        type: options.type,
        stack: options.stack ? "total" : undefined,
        data: s.data,
        barMaxWidth: 48,
        smooth: false,
        symbolSize: 8,
        label: {
          show: (!options.stack || spec.series.length === 1) && spec.categories.length <= 12,
          position: options.type === "line" ? "top" : "top",
          formatter: function (p) { return p.value === null ? "" : fmt(p.value); },
        },
      };
    });
    if (options.stack) {
      option.series.forEach(function (s) {
        s.label = { show: true, position: "inside", formatter: function (p) { return p.value ? fmt(p.value) : ""; } };
        s.labelLayout = { hideOverlap: true };
      });
    }
    return option;
  }

  function horizontalBar(spec, el) {
    el.style.height = Math.max(200, spec.categories.length * 28 + 60) + "px";
    var option = base(spec, el, false);
    option.yAxis = { type: "category", data: spec.categories, inverse: true, axisTick: { show: false } };
    option.xAxis = valueAxis(spec);
    option.grid.right = 40;
    option.series = spec.series.map(function (s) {
      return {
        name: s.name, type: "bar", data: s.data, barMaxWidth: 22,
        label: { show: true, position: "right", formatter: function (p) { return fmt(p.value); } },
      };
    });
    return option;
  }

  function heatmap(spec, el) {
    el.style.height = Math.max(220, spec.y_categories.length * (narrow(el) ? 30 : 32) + 110) + "px";
    var cells = spec.series[0].data;
    var max = cells.reduce(function (m, c) { return Math.max(m, c[2]); }, 0);
    var option = base(spec, el, false);
    option.tooltip = {
      trigger: "item", confine: true,
      formatter: function (p) {
        return escape(spec.y_categories[p.value[1]] + " · " + spec.categories[p.value[0]]) +
          ": <b>" + fmt(p.value[2]) + "</b>";
      },
    };
    option.grid.top = 8;
    option.grid.bottom = 56;
    option.xAxis = {
      type: "category", data: spec.categories, position: "top", splitArea: { show: true },
      axisLabel: categoryLabels(el, spec.categories.length), axisTick: { show: false },
    };
    option.yAxis = {
      type: "category", data: spec.y_categories, inverse: true, splitArea: { show: true },
      axisTick: { show: false },
    };
    option.visualMap = {
      min: 0, max: Math.max(1, max), calculable: false, orient: "horizontal", left: "center",
      bottom: 0, itemHeight: narrow(el) ? 120 : 180, itemWidth: 12,
      inRange: { color: ["#f3f6fb", "#9cc0f0", "#2f6fdb", "#173a7a"] },
      text: [fmt(Math.max(1, max)), "0"],
    };
    option.series = [{
      name: spec.series[0].name, type: "heatmap", data: cells,
      label: { show: true, formatter: function (p) { return p.value[2] ? fmt(p.value[2]) : ""; } },
      itemStyle: { borderColor: "#fff", borderWidth: 2 },
      emphasis: { itemStyle: { borderColor: "#333", borderWidth: 1 } },
    }];
    return option;
  }

  function decorateTree(node) {
    var color = TIER_COLORS[node.tier] || PALETTE[5];
    node.value = node.tier;
    node.symbolSize = node.current ? 16 : 11;
    node.itemStyle = { color: color, borderColor: node.current ? "#111" : color, borderWidth: node.current ? 2 : 1 };
    node.label = { fontWeight: node.current ? "bold" : "normal" };
    (node.children || []).forEach(decorateTree);
    return node;
  }

  function countLeaves(node) {
    if (!node.children || !node.children.length) return 1;
    return node.children.reduce(function (n, c) { return n + countLeaves(c); }, 0);
  }

  function tree(spec, el) {
    var root = decorateTree(JSON.parse(JSON.stringify(spec.tree)));
    el.style.height = Math.max(140, countLeaves(root) * 52 + 32) + "px";
    var option = base(spec, el, false);
    var side = narrow(el) ? "14%" : "12%";
    option.tooltip = {
      trigger: "item", confine: true,
      formatter: function (p) { return escape(p.data.name + " · " + p.data.tier); },
    };
    option.series = [{
      type: "tree", data: [root], orient: "LR", left: side, right: side, top: 16, bottom: 16,
      roam: false, expandAndCollapse: false, initialTreeDepth: -1, symbol: "circle",
      // Labels under the nodes, so a level's names never run into the next level on a phone.
      label: { position: "bottom", distance: 6, align: "center", verticalAlign: "top",
               width: narrow(el) ? 90 : 160, overflow: "break", lineHeight: 14 },
      leaves: { label: { position: "bottom", align: "center", verticalAlign: "top" } },
      lineStyle: { width: 1.5, curveness: 0.5 },
    }];
    return option;
  }

  var BUILDERS = {
    bar: function (spec, el) { return barLike(spec, el, { type: "bar" }); },
    line: function (spec, el) { return barLike(spec, el, { type: "line" }); },
    stacked: function (spec, el) { return barLike(spec, el, { type: "bar", stack: true }); },
    hbar: horizontalBar,
    heatmap: heatmap,
    tree: tree,
  };

  function draw(el) {
    if (el.getAttribute("data-insights-drawn")) return;
    var block = document.getElementById(el.getAttribute("data-insights-chart"));
    if (!block || !window.echarts) return;
    var spec = JSON.parse(block.textContent);
    var build = BUILDERS[spec.kind];
    if (!build) return;
    var option = build(spec, el);
    var chart = window.echarts.init(el, null, { renderer: "canvas", locale: isEnglish() ? "EN" : "ZH" });
    chart.setOption(option);
    if (spec.kind === "tree") {
      chart.on("click", function (p) {
        if (p.data && p.data.url && !p.data.current) window.location.assign(p.data.url);
      });
    }
    el.setAttribute("data-insights-drawn", spec.kind);
    if (window.ResizeObserver) {
      new window.ResizeObserver(function () { chart.resize(); }).observe(el);
    }
  }

  // ECharts is fetched once, only when a chart it draws comes near the screen (bars and lines
  // arrive as server-drawn SVG and need nothing).
  var script = document.currentScript;
  var echartsSrc = script && script.getAttribute("data-echarts");
  var loading = null;
  function withEcharts(callback) {
    if (window.echarts) return callback();
    if (!loading) {
      loading = [];
      var tag = document.createElement("script");
      tag.src = echartsSrc;
      tag.onload = function () { loading.forEach(function (f) { f(); }); };
      document.head.appendChild(tag);
    }
    loading.push(callback);
  }

  function drawAll() {
    var charts = document.querySelectorAll("[data-insights-chart]:not([data-insights-drawn])");
    if (!charts.length || !echartsSrc) return;
    if (!window.IntersectionObserver) {
      withEcharts(function () { for (var i = 0; i < charts.length; i++) draw(charts[i]); });
      return;
    }
    var observer = new window.IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (!entry.isIntersecting) return;
        observer.unobserve(entry.target);
        withEcharts(function () { draw(entry.target); });
      });
    }, { rootMargin: "400px 0px" });
    for (var i = 0; i < charts.length; i++) observer.observe(charts[i]);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
