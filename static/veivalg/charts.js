/*
 * Charts of the scenario page, drawn with Apache ECharts.
 *
 * Every chart is a container `<div data-chart="budget|frontier|timeline" data-source="ID" hidden>`
 * whose data sits in `<script type="application/json" id="ID">` (Django's json_script).
 * The container is hidden until a chart is drawn, so without JavaScript (or ECharts) only
 * the data table next to it is there. The container carries role="img" and an aria-label;
 * the numbers are in the table. Animation is off when the reader prefers reduced motion.
 * Charts are drawn on load and again whenever htmx swaps in new content (the result region
 * is polled while a scenario is being solved).
 */
(function () {
  "use strict";

  var lang = (document.documentElement.lang || "nb") === "en" ? "en-GB" : "nb-NO";
  var whole = new Intl.NumberFormat(lang, { maximumFractionDigits: 0 });
  var one = new Intl.NumberFormat(lang, { maximumFractionDigits: 1 });
  var percent = new Intl.NumberFormat(lang, { style: "percent", maximumFractionDigits: 0 });

  function reducedMotion() {
    return window.matchMedia && window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  }

  // Colours from the Designsystemet theme (with fallbacks), dark enough for 3:1 on white.
  function token(name, fallback) {
    var value = window.getComputedStyle(document.documentElement).getPropertyValue(name);
    return (value && value.trim()) || fallback;
  }

  function kroner(value) {
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

  function budgetOption(data) {
    var labels = data.labels || {};
    if (data.committed && data.selected) {
      return budgetSplitOption(data, labels);
    }
    return {
      tooltip: {
        trigger: "axis",
        valueFormatter: function (value) {
          return kroner(value);
        }
      },
      legend: { top: 0 },
      grid: { left: 16, right: 16, bottom: 8, top: 40, containLabel: true },
      xAxis: { type: "category", data: data.years },
      yAxis: {
        type: "value",
        name: labels.axis || "",
        nameTextStyle: { align: "left" },
        axisLabel: { formatter: compactKroner }
      },
      series: [
        {
          name: labels.used || "",
          type: "bar",
          data: data.used,
          barMaxWidth: 48,
          itemStyle: { color: token("--ds-color-accent-base-default", "#0062ba") }
        },
        {
          name: labels.limit || "",
          type: "line",
          data: data.limit,
          symbol: "diamond",
          symbolSize: 10,
          color: token("--ds-color-neutral-text-default", "#202225"),
          lineStyle: { type: "dashed", width: 2 }
        }
      ]
    };
  }

  // Committed (already decided) work is hatched as well as coloured, never colour alone.
  function hatch() {
    return {
      symbol: "rect",
      dashArrayX: [1, 0],
      dashArrayY: [3, 4],
      rotation: -Math.PI / 4,
      color: "rgba(255, 255, 255, 0.55)"
    };
  }

  function budgetSplitOption(data, labels) {
    return {
      tooltip: {
        trigger: "axis",
        valueFormatter: function (value) {
          return kroner(value);
        }
      },
      legend: { top: 0 },
      grid: { left: 16, right: 16, bottom: 8, top: 40, containLabel: true },
      xAxis: { type: "category", data: data.years },
      yAxis: {
        type: "value",
        name: labels.axis || "",
        nameTextStyle: { align: "left" },
        axisLabel: { formatter: compactKroner }
      },
      series: [
        {
          name: labels.committed || "",
          type: "bar",
          stack: "used",
          data: data.committed,
          barMaxWidth: 48,
          itemStyle: {
            color: token("--ds-color-neutral-base-default", "#5b6066"),
            decal: hatch()
          }
        },
        {
          name: labels.selected || "",
          type: "bar",
          stack: "used",
          data: data.selected,
          barMaxWidth: 48,
          itemStyle: { color: token("--ds-color-accent-base-default", "#0062ba") }
        },
        {
          name: labels.limit || "",
          type: "line",
          data: data.limit,
          symbol: "diamond",
          symbolSize: 10,
          color: token("--ds-color-neutral-text-default", "#202225"),
          lineStyle: { type: "dashed", width: 2 }
        }
      ]
    };
  }

  function timelineOption(data) {
    var labels = data.labels || {};
    var quarters = data.quarters || [];
    var items = data.items || [];
    var planned = token("--ds-color-accent-base-default", "#0062ba");
    var committed = token("--ds-color-neutral-base-default", "#5b6066");
    return {
      tooltip: {
        trigger: "item",
        formatter: function (params) {
          var item = items[params.dataIndex];
          return item ? item.name + ": " + item.span : "";
        }
      },
      grid: { left: 16, right: 48, bottom: 8, top: 32, containLabel: true },
      xAxis: {
        type: "value",
        position: "top",
        min: 0,
        max: quarters.length,
        interval: 1,
        axisLabel: {
          formatter: function (value) {
            return quarters[value] || "";
          },
          hideOverlap: true
        },
        splitLine: { show: true }
      },
      yAxis: {
        type: "category",
        inverse: true,
        data: items.map(function (item) {
          return item.name;
        }),
        axisLabel: { width: 260, overflow: "truncate" }
      },
      series: [
        {
          // the offset to the start quarter: invisible, only positions the bar
          type: "bar",
          stack: "span",
          silent: true,
          itemStyle: { color: "transparent" },
          data: items.map(function (item) {
            return item.start;
          })
        },
        {
          name: labels.planned || "",
          type: "bar",
          stack: "span",
          barMaxWidth: 18,
          data: items.map(function (item) {
            return {
              value: item.finish - item.start + 1,
              itemStyle: item.committed
                ? { color: committed, decal: hatch() }
                : { color: planned }
            };
          })
        }
      ]
    };
  }

  function frontierOption(data) {
    var labels = data.labels || {};
    var points = (data.points || []).filter(function (p) {
      return p.fraction !== null && p.value !== null;
    });
    return {
      tooltip: {
        trigger: "axis",
        formatter: function (params) {
          var p = points[params[0].dataIndex];
          var text = percent.format(p.fraction) + ": " + one.format(p.value);
          if (p.budget !== null && p.budget !== undefined) {
            text += " (" + kroner(p.budget) + ")";
          }
          return text;
        }
      },
      grid: { left: 16, right: 32, bottom: 36, top: 32, containLabel: true },
      xAxis: {
        type: "value",
        name: labels.fraction || "",
        nameLocation: "middle",
        nameGap: 28,
        min: 0,
        max: 1,
        axisLabel: {
          formatter: function (value) {
            return percent.format(value);
          }
        }
      },
      yAxis: {
        type: "value",
        name: labels.value || "",
        nameTextStyle: { align: "left" },
        min: 0
      },
      series: [
        {
          name: labels.series || "",
          type: "line",
          color: token("--ds-color-accent-base-default", "#0062ba"),
          data: points.map(function (p) {
            return [p.fraction, p.value];
          }),
          symbol: "circle",
          symbolSize: 8
        }
      ]
    };
  }

  var builders = { budget: budgetOption, frontier: frontierOption, timeline: timelineOption };

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
      el.hidden = false;
      if (!el.style.height) {
        var rows = parseInt(el.getAttribute("data-rows") || "0", 10);
        el.style.height = rows ? Math.max(10, 4 + rows * 2) + "rem" : "20rem";
      }
      el.style.width = "100%";
      var chart = window.echarts.init(el, null, { renderer: "svg" });
      var option = build(data);
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
