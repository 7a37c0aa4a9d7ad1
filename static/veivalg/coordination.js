/*
 * The whole picture (helhetsbildet) of the coordination pages, drawn with Apache ECharts.
 *
 * The chart is a container `<div data-chart="graph" data-source="ID" hidden>` whose data sits
 * in `<script type="application/json" id="ID">` (Django's json_script): nodes (initiatives,
 * programs, shared needs, each with a URL) and links (each with a kind and a label). The
 * container stays hidden until the chart is drawn, so without JavaScript (or ECharts) only the
 * table of the same links is there. The container carries role="img" and an aria-label; the
 * links are in the table, which keyboard and screen-reader users use instead. Clicking a node
 * opens its page. Animation is off when the reader prefers reduced motion.
 */
(function () {
  "use strict";

  var KINDS = ["initiative", "program", "shared_need"];
  var SHAPES = { initiative: "circle", program: "roundRect", shared_need: "diamond" };
  var SIZES = { initiative: 14, program: 24, shared_need: 20 };
  // Up to this many nodes every node is labelled; above it only programs and shared needs
  // (hovering or focusing a node shows its name).
  var LABEL_ALL = 40;
  // Line styles per kind of link, so that the kinds differ by more than colour.
  var LINES = {
    dependency: { type: "solid", width: 2 },
    bundle: { type: "solid", width: 3 },
    shared_need: { type: "dashed", width: 1.5 },
    program: { type: "dotted", width: 1 },
    related: { type: "dashed", width: 1 }
  };

  function reducedMotion() {
    return window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
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

  function graphOption(data) {
    var labels = data.labels || {};
    var labelAll = (data.nodes || []).length <= LABEL_ALL;
    var categories = KINDS.map(function (kind) {
      return { name: labels[kind] || kind, symbol: SHAPES[kind] };
    });
    var nodes = (data.nodes || []).map(function (node) {
      return {
        id: node.id,
        name: node.name,
        url: node.url,
        category: KINDS.indexOf(node.kind),
        symbol: SHAPES[node.kind],
        symbolSize: SIZES[node.kind] || 12,
        label: {
          show: labelAll || node.kind !== "initiative",
          position: "right",
          width: 160,
          overflow: "truncate"
        }
      };
    });
    var links = (data.links || []).map(function (link) {
      var style = LINES[link.kind] || LINES.related;
      return {
        source: link.source,
        target: link.target,
        label: link.label,
        lineStyle: { type: style.type, width: style.width }
      };
    });
    var count = nodes.length;
    return {
      height: Math.min(48, Math.max(24, Math.round(Math.sqrt(count) * 4))) + "rem",
      option: {
        tooltip: {
          formatter: function (params) {
            if (params.dataType === "edge") {
              return params.data.label || "";
            }
            return params.data.name || "";
          }
        },
        legend: { top: 0, data: categories.map(function (c) { return c.name; }) },
        series: [
          {
            type: "graph",
            layout: "force",
            top: 40,
            roam: true,
            draggable: true,
            categories: categories,
            data: nodes,
            links: links,
            edgeSymbol: ["none", "arrow"],
            edgeSymbolSize: 6,
            force: { repulsion: 260, edgeLength: [70, 150], gravity: 0.06 },
            lineStyle: { opacity: 0.7, curveness: 0.05 },
            emphasis: { focus: "adjacency", label: { show: true } }
          }
        ]
      }
    };
  }

  var builders = { graph: graphOption };

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
      chart.on("click", function (params) {
        if (params.dataType === "node" && params.data && params.data.url) {
          window.location.href = params.data.url;
        }
      });
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
