/* tubewiki graph view: a small force layout drawn as SVG. Loaded only when the graph opens. */
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";
  var COLORS = { article: "#3b6ea5", channel: "#b5523b", hub: "#4f8a4f", page: "#777" };

  function layout(nodes, edges, width, height) {
    var n = nodes.length, i, j, k;
    var x = new Float64Array(n), y = new Float64Array(n), dx = new Float64Array(n), dy = new Float64Array(n);
    for (i = 0; i < n; i++) {
      var a = (2 * Math.PI * i) / Math.max(1, n);
      x[i] = width / 2 + (width / 3) * Math.cos(a) * (0.5 + (i % 7) / 14);
      y[i] = height / 2 + (height / 3) * Math.sin(a) * (0.5 + (i % 5) / 10);
    }
    var ideal = Math.sqrt((width * height) / Math.max(1, n)) * 0.75;
    var temp = width / 8, steps = n > 200 ? 120 : 250;
    for (k = 0; k < steps; k++) {
      dx.fill(0); dy.fill(0);
      for (i = 0; i < n; i++) {
        for (j = i + 1; j < n; j++) {
          var ex = x[i] - x[j], ey = y[i] - y[j], d2 = ex * ex + ey * ey + 0.01;
          var f = (ideal * ideal) / d2;
          dx[i] += ex * f; dy[i] += ey * f; dx[j] -= ex * f; dy[j] -= ey * f;
        }
      }
      edges.forEach(function (e) {
        var s = e[0], t = e[1], ex = x[s] - x[t], ey = y[s] - y[t], d = Math.sqrt(ex * ex + ey * ey) + 0.01;
        var f = d / ideal;
        dx[s] -= ex * f; dy[s] -= ey * f; dx[t] += ex * f; dy[t] += ey * f;
      });
      for (i = 0; i < n; i++) {
        dx[i] += (width / 2 - x[i]) * 0.02; dy[i] += (height / 2 - y[i]) * 0.02;
        var len = Math.sqrt(dx[i] * dx[i] + dy[i] * dy[i]) || 1, step = Math.min(len, temp);
        x[i] = Math.min(width - 10, Math.max(10, x[i] + (dx[i] / len) * step));
        y[i] = Math.min(height - 10, Math.max(10, y[i] + (dy[i] / len) * step));
      }
      temp *= 0.97;
    }
    return { x: x, y: y };
  }

  function el(name, attrs) {
    var e = document.createElementNS(SVG, name);
    Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
    return e;
  }

  window.TW = window.TW || {};
  window.TW.drawGraph = function (box, data, root) {
    box.textContent = "";
    var width = Math.max(320, box.clientWidth || 800), height = Math.max(320, box.clientHeight || 600);
    var index = new Map();
    data.nodes.forEach(function (node, i) { index.set(node[0], i); });
    var edges = data.edges.filter(function (e) { return index.has(e[0]) && index.has(e[1]); })
      .map(function (e) { return [index.get(e[0]), index.get(e[1])]; });
    var pos = layout(data.nodes, edges, width, height);
    var svg = el("svg", { viewBox: "0 0 " + width + " " + height, width: "100%", height: "100%", role: "img" });
    var label = el("title", {});
    label.textContent = "Links between pages";
    svg.appendChild(label);
    edges.forEach(function (e) {
      svg.appendChild(el("line", { x1: pos.x[e[0]], y1: pos.y[e[0]], x2: pos.x[e[1]], y2: pos.y[e[1]], class: "edge" }));
    });
    var showLabels = data.nodes.length <= 80;
    data.nodes.forEach(function (node, i) {
      var link = el("a", { href: root + node[2], class: "node kind-" + node[3] });
      var center = data.center === node[0];
      link.appendChild(el("circle", { cx: pos.x[i], cy: pos.y[i], r: center ? 9 : 6, fill: COLORS[node[3]] || COLORS.page }));
      var tip = el("title", {});
      tip.textContent = node[1];
      link.appendChild(tip);
      if (showLabels || center) {
        var text = el("text", { x: pos.x[i] + 10, y: pos.y[i] + 4 });
        text.textContent = node[1];
        link.appendChild(text);
      }
      svg.appendChild(link);
    });
    box.appendChild(svg);
    box.dataset.nodes = String(data.nodes.length);
  };
})();
