/*
 * Charts of the scenario page, drawn with Apache ECharts.
 *
 * Every chart is a container `<div data-chart="budget|frontier" data-source="ID" hidden>`
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

  var builders = { budget: budgetOption, frontier: frontierOption };

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
        el.style.height = "20rem";
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
