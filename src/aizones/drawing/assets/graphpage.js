// The graph page: draws the precomputed positions with Cytoscape.js and wires the controls.
// Every piece of data reaches the page through textContent or Cytoscape's canvas, never as HTML,
// so a label holding markup or script shows as text. Every label goes into the document inside a
// <bdi> (isolated, its direction its own: dir=auto), so a right-to-left override it leaves open
// ends with it instead of turning the page's words after it around ("company" as "ynapmoc").
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var language = "en";
  var hiddenKinds = new Set();
  var byId = function (id) { return document.getElementById(id); };

  function el(tag, text, className) {
    var node = document.createElement(tag);
    if (text !== undefined && text !== null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }
  function bdi(text, className) { return el("bdi", text, className); }
  // An element of the page's own words and labels in turn: words("div", "meta", "Province: ", label)
  // puts every second piece (the second, fourth, ...) into a <bdi>; empty pieces are left out.
  function words(tag, className) {
    var node = el(tag, null, className);
    for (var k = 2; k < arguments.length; k++) {
      var piece = arguments[k];
      if (piece === "" || piece === null || piece === undefined) continue;
      node.appendChild(k % 2 ? bdi(piece) : document.createTextNode(String(piece)));
    }
    return node;
  }
  // Where only text may go (an <option>), a label is isolated by FSI ... PDI (U+2068 ... U+2069).
  function isolate(text) { return "\u2068" + text + "\u2069"; }
  function name(item) { return language === "zh" && item.zh ? item.zh : item.en; }
  // What the canvas and the search results show: a label over 80 characters comes shortened from
  // the build (se, sz: aizones.core.labels.shorten); the panel shows it whole (name).
  function shortName(item) { return language === "zh" && item.zh ? item.sz || item.zh : item.se || item.en; }
  function safeLink(iri) { return /^https?:\/\//i.test(iri); }

  var big = data.nodes.length > 2000;
  var elements = [];
  data.nodes.forEach(function (n, i) {
    elements.push({ group: "nodes", data: { id: "n" + i, label: shortName(n), color: data.kinds[n.k].color, shape: data.kinds[n.k].shape, size: n.size }, position: { x: n.x, y: n.y } });
  });
  data.edges.forEach(function (e, j) {
    elements.push({ group: "edges", data: { id: "e" + j, source: "n" + e[0], target: "n" + e[1], label: shortName(data.relations[e[2]]) } });
  });

  var cy = cytoscape({
    container: byId("cy"),
    elements: elements,
    layout: { name: "preset", fit: true, padding: 30 },
    minZoom: 0.02,
    maxZoom: 4,
    textureOnViewport: big,
    hideEdgesOnViewport: big,
    boxSelectionEnabled: false,
    style: [
      { selector: "node", style: {
        "background-color": "data(color)", "shape": "data(shape)", "width": "data(size)", "height": "data(size)", "label": "data(label)",
        "font-size": "mapData(size, 14, 46, 10, 18)", "min-zoomed-font-size": 7, "text-valign": "bottom", "text-margin-y": 2, "color": "#1d2327",
        "text-outline-color": "#fff", "text-outline-width": 2, "border-width": 1, "border-color": "rgba(0,0,0,.35)" } },
      // Above 2,000 nodes edges are straight and labelled only around the chosen node: bezier routing
      // and thousands of edge labels would cost seconds before the first frame.
      { selector: "edge", style: {
        "width": 1, "line-color": "#b4bcc2", "target-arrow-color": "#8f999f", "target-arrow-shape": "triangle",
        "arrow-scale": 0.8, "curve-style": big ? "straight" : "bezier", "font-size": 8, "min-zoomed-font-size": 11,
        "color": "#4b555b", "text-rotation": "autorotate", "text-outline-color": "#fff", "text-outline-width": 2 } },
      { selector: big ? "edge.near" : "edge", style: { "label": "data(label)" } },
      { selector: ".hidden", style: { "display": "none" } },
      { selector: ".offmap", style: { "display": "none" } },
      { selector: ".map-west", style: { "text-halign": "left", "text-valign": "center", "text-margin-x": -3, "text-margin-y": 0 } },
      { selector: ".map-east", style: { "text-halign": "right", "text-valign": "center", "text-margin-x": 3, "text-margin-y": 0 } },
      { selector: ".faded", style: { "opacity": 0.15 } },
      { selector: "node:selected", style: { "border-width": 4, "border-color": "#f2b705" } },
      { selector: "edge.near", style: { "line-color": "#f2b705", "target-arrow-color": "#d19b00", "width": 2, "min-zoomed-font-size": 0, "font-size": 9 } }
    ]
  });
  window.aizonesGraph = cy;  // for the browser test and for anyone poking at the page
  // Elements by index, looked up once: each getElementById or source() call builds a new
  // collection, which at 5,000 nodes costs more than the drawing.
  var nodeEls = [], edgeEls = [];
  cy.nodes().forEach(function (n) { nodeEls[Number(n.id().slice(1))] = n; });
  cy.edges().forEach(function (e) { edgeEls[Number(e.id().slice(1))] = e; });
  var visible = data.nodes.map(function () { return true; });
  cy.one("render", function () {  // the first frame is drawn: what the performance benchmark times
    document.body.dataset.drawn = String(Math.round(performance.now()));
  });

  // Sidebar: title, language, legend with kind filters, province and programme filters.
  byId("subtitle").replaceChildren(bdi(data.title));
  var familyCounts = {};
  data.nodes.forEach(function (n) { familyCounts[n.k] = (familyCounts[n.k] || 0) + 1; });
  var legend = byId("legend");
  data.families.forEach(function (family) {
    var kinds = data.kinds.map(function (k, i) { return i; }).filter(function (i) { return data.kinds[i].family === family.iri && familyCounts[i]; });
    if (!kinds.length) return;
    var head = el("li", null, "family");
    var swatch = el("span", null, "swatch");
    swatch.style.background = family.color;
    head.appendChild(swatch);
    head.appendChild(bdi(family.en, "name"));
    legend.appendChild(head);
    kinds.forEach(function (i) {
      var item = el("li");
      var box = el("input");
      box.type = "checkbox";
      box.checked = true;
      box.dataset.kind = data.kinds[i].iri;
      box.id = "kind-" + i;
      box.addEventListener("change", function () { if (box.checked) hiddenKinds.delete(i); else hiddenKinds.add(i); applyFilters(); });
      var dot = el("span", null, "swatch shape-" + data.kinds[i].shape);  // the node's shape as well as its shade
      dot.style.background = data.kinds[i].color;
      var label = el("label", null, "kind-name");
      label.htmlFor = box.id;
      label.appendChild(dot);
      label.appendChild(bdi(data.kinds[i].en));
      item.appendChild(box);
      item.appendChild(label);
      item.appendChild(el("span", familyCounts[i], "count"));
      legend.appendChild(item);
    });
  });
  function fillSelect(select, items) {
    items.forEach(function (item, i) {
      var option = el("option", isolate(item.en) + (item.zh ? " · " + isolate(item.zh) : ""));
      option.value = String(i);
      select.appendChild(option);
    });
    select.addEventListener("change", applyFilters);
  }
  fillSelect(byId("filter-province"), data.provinces);
  fillSelect(byId("filter-programme"), data.programmes);

  function applyFilters() {
    var province = byId("filter-province").value === "" ? -1 : Number(byId("filter-province").value);
    var programme = byId("filter-programme").value === "" ? -1 : Number(byId("filter-programme").value);
    if (province < 0 && programme < 0 && !hiddenKinds.size && visible.every(Boolean)) return showStatus();  // nothing to hide
    var inProgramme = null;
    if (programme >= 0) {  // the programme's zones, the programme itself, and what touches them
      var core = new Set();
      data.nodes.forEach(function (n, i) { if (n.pg === programme || n.i === data.programmes[programme].iri) core.add(i); });
      inProgramme = new Set(core);
      data.edges.forEach(function (e) { if (core.has(e[0])) inProgramme.add(e[1]); if (core.has(e[1])) inProgramme.add(e[0]); });
    }
    cy.batch(function () {
      data.nodes.forEach(function (n, i) {
        var show = !hiddenKinds.has(n.k)
          && (province < 0 || n.pv === province || n.i === data.provinces[province].iri)
          && (inProgramme === null || inProgramme.has(i));
        if (show !== visible[i]) nodeEls[i].toggleClass("hidden", !show);
        visible[i] = show;
      });
    });
    showStatus();
  }
  function showStatus() {
    var nodes = visible.filter(Boolean).length;
    var edges = data.edges.filter(function (e) { return visible[e[0]] && visible[e[1]]; }).length;
    var status = byId("status");
    status.textContent = "Showing " + nodes + " of " + data.nodes.length + " entities and " + edges + " of " + data.edges.length + " relations.";
    status.dataset.nodes = String(nodes);
    status.dataset.edges = String(edges);
  }

  byId("lang").addEventListener("click", function () {
    language = language === "en" ? "zh" : "en";
    byId("lang").textContent = language === "en" ? "中文" : "English";
    document.documentElement.lang = language === "en" ? "en" : "zh";
    cy.batch(function () {
      data.nodes.forEach(function (n, i) { nodeEls[i].data("label", shortName(n)); });
      data.edges.forEach(function (e, j) { edgeEls[j].data("label", shortName(data.relations[e[2]])); });
    });
    if (current >= 0) openPanel(current);
  });
  byId("fit").addEventListener("click", function () { cy.fit(cy.nodes(":visible"), 30); });
  mapView();

  // The map view (when the build knows where the zones are: data.map): each zone laid at its city,
  // projected in Python like the static map (aizones.drawing.zone_map), over China's provinces drawn
  // as an SVG behind the canvas. The outline is made with createElementNS and setAttribute, which the
  // Content-Security-Policy allows (no inline style, no markup from data); it follows the canvas's pan
  // and zoom through its transform attribute. Every other node and every edge is out of the view.
  function mapView() {
    var button = byId("map");
    if (!data.map) { button.hidden = true; return; }
    var svgNS = "http://www.w3.org/2000/svg";
    var svg = document.createElementNS(svgNS, "svg"), layer = document.createElementNS(svgNS, "g");
    svg.setAttribute("id", "map-outline");
    svg.setAttribute("display", "none");
    data.map.outline.forEach(function (d) {
      var path = document.createElementNS(svgNS, "path");
      path.setAttribute("d", d);
      path.setAttribute("fill", "#eceff1");
      path.setAttribute("stroke", "#ffffff");
      path.setAttribute("stroke-width", "1");
      path.setAttribute("vector-effect", "non-scaling-stroke");
      layer.appendChild(path);
    });
    svg.appendChild(layer);
    byId("cy").insertBefore(svg, byId("cy").firstChild);
    var at = {}, saved = null;
    data.map.at.forEach(function (p) { at[p[0]] = { x: p[1], y: p[2], label: p[3], side: p[4] }; });
    function follow() {
      var pan = cy.pan(), zoom = cy.zoom();
      layer.setAttribute("transform", "translate(" + pan.x + "," + pan.y + ") scale(" + zoom + ")");
    }
    cy.on("pan zoom resize", follow);
    button.addEventListener("click", function () {
      var on = saved === null;
      cy.batch(function () {
        if (on) saved = nodeEls.map(function (n) { return { x: n.position("x"), y: n.position("y") }; });
        nodeEls.forEach(function (n, i) {
          n.toggleClass("offmap", on && !at[i]);
          n.position(on && at[i] ? { x: at[i].x, y: at[i].y } : saved[i]);
          if (!at[i]) return;
          n.data("label", on ? at[i].label : shortName(data.nodes[i]));  // the city on the map, the name in the graph
          n.toggleClass("map-west", on && at[i].side < 0).toggleClass("map-east", on && at[i].side > 0);
        });
        cy.edges().toggleClass("offmap", on);
      });
      if (!on) saved = null;
      svg.setAttribute("display", on ? "inline" : "none");
      button.textContent = on ? "Graph" : "Map";
      document.body.dataset.view = on ? "map" : "graph";
      if (on) {
        var box = data.map.box, width = cy.width(), height = cy.height();
        var zoom = Math.min((width - 40) / (box[2] - box[0]), (height - 40) / (box[3] - box[1]));
        cy.viewport({ zoom: zoom, pan: { x: (width - zoom * (box[0] + box[2])) / 2, y: (height - zoom * (box[1] + box[3])) / 2 } });
      } else {
        cy.fit(cy.nodes(":visible"), 30);
      }
      follow();
    });
  }
  byId("reset").addEventListener("click", function () {
    hiddenKinds.clear();
    legend.querySelectorAll("input").forEach(function (box) { box.checked = true; });
    byId("filter-province").value = "";
    byId("filter-programme").value = "";
    applyFilters();
  });

  // Search by English or Chinese name, or by the IRI's slug. Invisible and control characters
  // (aizones.core.names.INVISIBLE: zero-width spaces, soft hyphens, direction marks, line breaks)
  // do not count, in the name typed or in the labels: "Changsha" finds "Chang\u200bsha".
  var BREAKS = /[\t\n\r\u0085\u2028\u2029]/g;
  var INVISIBLE = /[\t\n\r\u007f-\u009f\u00ad\u200b-\u200f\u2028-\u202e\u2060\u2066-\u2069\ufeff]/g;
  function searchText(text) { return text.replace(BREAKS, " ").replace(INVISIBLE, ""); }
  var searchable = data.nodes.map(function (n) { return { en: searchText(n.en).toLowerCase(), zh: searchText(n.zh) }; });
  var search = byId("search");
  var results = byId("results");
  function matches(text) {
    var typed = searchText(text).trim();
    var wanted = typed.toLowerCase();
    if (!wanted) return [];
    var found = [];
    data.nodes.forEach(function (n, i) {
      var slug = n.i.slice(Math.max(n.i.lastIndexOf("/"), n.i.lastIndexOf("#")) + 1).toLowerCase();
      var en = searchable[i].en, zh = searchable[i].zh;
      var rank = en === wanted || zh === typed || slug === wanted ? 0 : en.indexOf(wanted) === 0 ? 1 : (en.indexOf(wanted) >= 0 || zh.indexOf(typed) >= 0 || slug.indexOf(wanted) >= 0) ? 2 : -1;
      if (rank >= 0) found.push([rank, n.en, i]);
    });
    found.sort(function (a, b) { return a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : a[2] - b[2]); });
    return found.slice(0, 30).map(function (f) { return f[2]; });
  }
  search.addEventListener("input", function () {
    results.replaceChildren();
    matches(search.value).forEach(function (i) {
      var item = el("li");
      var button = words("button", null, "", shortName(data.nodes[i]));
      button.type = "button";
      button.dataset.node = data.nodes[i].i;
      button.appendChild(bdi(data.kinds[data.nodes[i].k].en, "kind"));
      button.addEventListener("click", function () { focusNode(i); });
      item.appendChild(button);
      results.appendChild(item);
    });
  });
  search.addEventListener("keydown", function (event) {
    if (event.key === "Enter") { var first = matches(search.value)[0]; if (first !== undefined) focusNode(first); }
  });

  // The panel: a node's facts, relations and figures, each with the documents that state it.
  var current = -1;
  var panel = byId("panel");
  function sourceLine(indexes) {
    var line = el("span", null, "src");
    indexes.forEach(function (s, k) {
      line.appendChild(document.createTextNode(k ? "; " : "Source: "));
      line.appendChild(bdi(data.sources[s].title));
    });
    return line;
  }
  function nodeButton(i) {
    var button = words("button", "link", "", name(data.nodes[i]));
    button.type = "button";
    button.addEventListener("click", function () { focusNode(i); });
    return button;
  }
  function openPanel(i) {
    current = i;
    var n = data.nodes[i];
    var d = data.details[i];
    var body = byId("panel-body");
    body.replaceChildren();
    body.appendChild(words("h2", null, "", n.en));
    if (n.zh) body.appendChild(words("div", "zh", "", n.zh));
    var kind = data.kinds[n.k];
    body.appendChild(words("div", "meta", "", kind.en, kind.zh ? " · " : "", kind.zh));
    var where = el("div", null, "meta");
    if (safeLink(n.i)) {
      var link = words("a", null, "", n.i);
      link.href = n.i;
      link.rel = "noopener noreferrer";
      link.target = "_blank";
      where.appendChild(link);
    } else {
      where.appendChild(bdi(n.i));
    }
    body.appendChild(where);
    if (n.pv >= 0) body.appendChild(words("div", "meta", "Province: ", name(data.provinces[n.pv])));
    if (n.pg >= 0) body.appendChild(words("div", "meta", "Programme: ", name(data.programmes[n.pg])));

    body.appendChild(el("h3", "Sources (" + d.sources.length + ")"));
    var sources = el("ul");
    sources.id = "panel-sources";
    d.sources.forEach(function (s) {
      var source = data.sources[s];
      sources.appendChild(source.title === source.file ? words("li", null, "", source.file) : words("li", null, "", source.title, " (", source.file, ")"));
    });
    body.appendChild(sources);

    body.appendChild(el("h3", "Facts"));
    var table = el("table");
    table.id = "panel-facts";
    d.facts.forEach(function (f) {
      var row = el("tr");
      row.appendChild(words("td", "p", "", f[0]));
      var cell = el("td");
      if (f[2] >= 0) cell.appendChild(nodeButton(f[2]));
      else if (f[3] && safeLink(f[3]) && f[3].indexOf("https://w3id.org/aizones/") !== 0) {
        var a = words("a", null, "", f[1]);
        a.href = f[3];
        a.rel = "noopener noreferrer";
        a.target = "_blank";
        cell.appendChild(a);
      } else cell.appendChild(bdi(f[1]));
      cell.appendChild(sourceLine(f[4]));
      row.appendChild(cell);
      table.appendChild(row);
    });
    body.appendChild(table);

    var related = data.edges.map(function (e, j) { return j; }).filter(function (j) { return data.edges[j][1] === i; });
    if (related.length) {
      body.appendChild(el("h3", "Pointed to by"));
      var list = el("ul");
      related.forEach(function (j) {
        var e = data.edges[j];
        var item = el("li");
        item.appendChild(nodeButton(e[0]));
        item.appendChild(words("span", null, " ", name(data.relations[e[2]]), " this"));
        item.appendChild(sourceLine(e[3]));
        list.appendChild(item);
      });
      body.appendChild(list);
    }
    if (d.figures.length) {
      body.appendChild(el("h3", "Reported figures"));
      var figures = el("ul");
      figures.id = "panel-figures";
      d.figures.forEach(function (f) {
        var item = words("li", null, "", f[0]);
        item.appendChild(sourceLine(f[1]));
        figures.appendChild(item);
      });
      body.appendChild(figures);
    }
    panel.hidden = false;
    cy.resize();
    cy.elements().removeClass("near");
    nodeEls[i].connectedEdges().addClass("near");
  }
  function focusNode(i) {
    var node = nodeEls[i];
    var near = node.closedNeighborhood();
    cy.batch(function () {
      cy.elements().unselect().addClass("faded");
      near.removeClass("faded");
    });
    node.select();
    openPanel(i);
    cy.fit(near.filter(":visible"), 60);
    if (cy.zoom() > 1.6) cy.zoom({ level: 1.6, position: node.position() });
    cy.center(node);
  }
  cy.on("tap", "node", function (event) { focusNode(Number(event.target.id().slice(1))); });
  byId("close").addEventListener("click", function () {
    panel.hidden = true;
    current = -1;
    cy.elements().removeClass("near").removeClass("faded").unselect();
    cy.resize();
  });
  cy.on("tap", function (event) { if (event.target === cy) byId("close").click(); });

  applyFilters();
  if (data.focus >= 0) focusNode(data.focus);
  document.body.dataset.ready = "true";
})();
