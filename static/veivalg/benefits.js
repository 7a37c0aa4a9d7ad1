/*
 * Charts of the benefits pages, drawn with Apache ECharts.
 *
 * Every chart is a container `<div data-chart="yearly|map" data-source="ID" hidden>` whose
 * data sits in `<script type="application/json" id="ID">` (Django's json_script). The
 * container stays hidden until a chart is drawn, so without JavaScript (or ECharts) only the
 * table next to it is there. The container carries role="img" and an aria-label; the numbers
 * and links are in the table. Animation is off when the reader prefers reduced motion.
 * Charts are drawn on load and again when htmx swaps in new results (the overview's filters).
 */
(function () {
  "use strict";

  var lang = (document.documentElement.lang || "nb") === "en" ? "en-GB" : "nb-NO";
  var whole = new Intl.NumberFormat(lang, { maximumFractionDigits: 0 });
  var one = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 });

  function reducedMotion() {
    return window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  }

  function kroner(value) {
    if (value === null || value === undefined) {
      return "–";
    }
    return whole.format(value) + "\u00a0kr";
  }

  function compactKroner(value) {
    if (Math.abs(value) >= 1e6) {
      return one.format(value / 1e6) + "\u00a0mill.";
    }
    return whole.format(value);
  }

  function readData(el) {
    var source = document.getElementById(el.getAttribute("data-source"));
    if (!source) {
      return null;
    }
    try {
      return JSON.parse(source.textContent);
    } catch (error) {
      return null;
    }
  }

  function yearlyOption(data) {
    var labels = data.labels || {};
    return {
      height: "20rem",
      option: {
        tooltip: { trigger: "axis", valueFormatter: kroner },
        legend: { top: 0 },
        grid: { left: 16, right: 16, bottom: 8, top: 40, containLabel: true },
        xAxis: { type: "category", data: data.years },
        yAxis: {
          type: "value",
          name: labels.axis || "",
          axisLabel: { formatter: compactKroner }
        },
        series: [
          { name: labels.planned || "", type: "bar", data: data.planned, barMaxWidth: 40 },
          {
            name: labels.realised || "",
            type: "bar",
            data: data.realised,
            barMaxWidth: 40,
            itemStyle: { decal: { symbol: "rect", dashArrayX: [1, 0], dashArrayY: [4, 3], rotation: -0.8 } }
          }
        ]
      }
    };
  }

  var ORDER = ["initiative", "benefit", "goal"];
  var COLORS = { initiative: "#1e5aa8", benefit: "#6a8a1f", goal: "#7a3e9d" };

  function shorten(text, length) {
    return text.length > length ? text.slice(0, length - 1) + "…" : text;
  }

  // Initiatives → benefits → goals as a Sankey diagram: one column each, every link has the
  // same weight. Node names are ids (they must be unique); the labels are the titles.
  function mapOption(data) {
    var labels = data.labels || {};
    var titles = {};
    var nodes = (data.nodes || []).map(function (node) {
      titles[node.id] = node.name;
      return {
        name: node.id,
        depth: ORDER.indexOf(node.kind),
        itemStyle: { color: COLORS[node.kind] }
      };
    });
    var links = (data.links || []).map(function (link) {
      return { source: link.source, target: link.target, value: 1 };
    });
    var heading = { fontSize: 14, fontWeight: "bold" };
    return {
      height: Math.max(16, (data.rows || 1) * 1.9 + 5) + "rem",
      option: {
        title: [
          { text: labels.initiative || "", left: 0, top: 0, textStyle: heading },
          { text: labels.benefit || "", left: "center", top: 0, textStyle: heading },
          { text: labels.goal || "", right: 0, top: 0, textStyle: heading }
        ],
        tooltip: {
          trigger: "item",
          formatter: function (params) {
            if (params.dataType === "edge") {
              return titles[params.data.source] + " → " + titles[params.data.target];
            }
            return titles[params.name] || "";
          }
        },
        series: [
          {
            type: "sankey",
            top: 40,
            bottom: 8,
            left: 8,
            right: 230,
            nodeWidth: 12,
            nodeGap: 10,
            layoutIterations: 64,
            draggable: false,
            data: nodes,
            links: links,
            emphasis: { focus: "adjacency" },
            lineStyle: { color: "gradient", opacity: 0.35, curveness: 0.5 },
            label: {
              position: "right",
              formatter: function (params) {
                return shorten(titles[params.name] || "", 36);
              }
            }
          }
        ]
      }
    };
  }

  var builders = { yearly: yearlyOption, map: mapOption };

  function draw(root) {
    if (typeof window.echarts === "undefined") {
      return;
    }
    var scope = root && root.querySelectorAll ? root : document;
    scope.querySelectorAll("[data-chart]").forEach(function (el) {
      if (el.getAttribute("data-drawn") === "true") {
        return;
      }
      var build = builders[el.getAttribute("data-chart")];
      var data = readData(el);
      if (!build || !data) {
        return;
      }
      var built = build(data);
      el.hidden = false;
      el.style.height = built.height;
      el.style.width = "100%";
      var chart = window.echarts.init(el, null, { renderer: "svg" });
      var option = built.option;
      option.animation = !reducedMotion();
      option.aria = { enabled: false }; // the container's aria-label and the table describe it
      chart.setOption(option);
      el.setAttribute("data-drawn", "true");
      window.addEventListener("resize", function () {
        chart.resize();
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    draw(document);
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    draw(event.target);
  });
})();
