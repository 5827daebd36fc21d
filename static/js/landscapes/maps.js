/* Landscape maps: profile, partnership list, boundary editor, site picker, directory
   and embed. Vanilla JS on the vendored Leaflet, leaflet-draw and markercluster.
   Each map is a <div data-landscape-map="KIND" data-map-data="ID-of-json_script">;
   tiles come from data-tiles / data-attribution. */
(function () {
  "use strict";

  var GREEN = "#2f7d4a";
  var SITE = "#b5651d";
  var OVERLAP = "#c0392b";

  function readJSON(id) {
    var node = id && document.getElementById(id);
    return node ? JSON.parse(node.textContent) : null;
  }

  function t(el, key, fallback) {
    return el.getAttribute("data-i18n-" + key) || fallback;
  }

  function baseMap(el, options) {
    var map = L.map(el, Object.assign({ scrollWheelZoom: false, worldCopyJump: true }, options || {}));
    var tiles = el.getAttribute("data-tiles");
    if (tiles) {
      L.tileLayer(tiles, { maxZoom: 18, attribution: el.getAttribute("data-attribution") || "" }).addTo(map);
    }
    map.setView([5, 10], 2);
    // The map gets focus and keyboard zoom; enable wheel zoom after a click.
    map.once("focus click", function () { map.scrollWheelZoom.enable(); });
    return map;
  }

  function fit(map, layer, maxZoom) {
    var bounds = layer && layer.getBounds && layer.getBounds();
    if (bounds && bounds.isValid()) {
      map.fitBounds(bounds, { padding: [20, 20], maxZoom: maxZoom || 14 });
      return true;
    }
    return false;
  }

  function escapeHtml(text) {
    var div = document.createElement("div");
    div.textContent = text == null ? "" : String(text);
    return div.innerHTML;
  }

  function boundaryLayer(geometry, style) {
    return L.geoJSON(geometry, {
      style: Object.assign({ color: GREEN, weight: 2, fillOpacity: 0.15 }, style || {}),
      pointToLayer: function (feature, latlng) {
        return L.circleMarker(latlng, { radius: 9, color: GREEN, weight: 3, fillOpacity: 0.4 });
      },
    });
  }

  function sitesLayer(collection) {
    return L.geoJSON(collection, {
      style: { color: SITE, weight: 2, fillOpacity: 0.2, dashArray: "4 3" },
      pointToLayer: function (feature, latlng) {
        return L.circleMarker(latlng, { radius: 6, color: "#fff", weight: 2, fillColor: SITE, fillOpacity: 1 });
      },
      onEachFeature: function (feature, layer) {
        var p = feature.properties || {};
        layer.bindPopup("<strong>" + escapeHtml(p.name) + "</strong><br>" + escapeHtml(p.kind));
      },
    });
  }

  /* --- profile, list and site picker -------------------------------------------- */

  function profileMap(el, data) {
    var map = baseMap(el);
    var group = L.featureGroup().addTo(map);
    if (data.boundary) boundaryLayer(data.boundary).addTo(group);
    if (data.sites) sitesLayer(data.sites).addTo(group);
    if (data.type === "FeatureCollection") {
      L.geoJSON(data, {
        style: { color: GREEN, weight: 2, fillOpacity: 0.15 },
        pointToLayer: function (f, latlng) { return L.circleMarker(latlng, { radius: 8, color: GREEN }); },
        onEachFeature: function (feature, layer) {
          var p = feature.properties || {};
          layer.bindPopup('<a href="' + escapeHtml(p.url) + '">' + escapeHtml(p.name) + "</a>");
        },
      }).addTo(group);
    }
    fit(map, group, data.boundary && data.boundary.type === "Point" ? 11 : 14);
    return map;
  }

  /* --- the boundary editor --------------------------------------------------------- */

  function polygonsOf(geometry) {
    if (!geometry) return [];
    if (geometry.type === "Polygon") return [geometry.coordinates];
    if (geometry.type === "MultiPolygon") return geometry.coordinates;
    return [];
  }

  function geometryOf(group) {
    var polygons = [];
    group.eachLayer(function (layer) {
      if (!layer.toGeoJSON) return;
      var g = layer.toGeoJSON().geometry;
      if (g.type === "Polygon") polygons.push(g.coordinates);
      else if (g.type === "MultiPolygon") polygons = polygons.concat(g.coordinates);
    });
    if (!polygons.length) return null;
    return polygons.length === 1
      ? { type: "Polygon", coordinates: polygons[0] }
      : { type: "MultiPolygon", coordinates: polygons };
  }

  function boundaryEditor(el, data) {
    var map = baseMap(el);
    var context = L.featureGroup().addTo(map);
    if (data.sites) sitesLayer(data.sites).addTo(context);
    (data.overlaps || []).forEach(function (feature) {
      L.geoJSON(feature.geometry, {
        style: { color: OVERLAP, weight: 2, fillColor: OVERLAP, fillOpacity: 0.45, dashArray: "6 4" },
      }).bindTooltip(escapeHtml(feature.properties.name), { sticky: true }).addTo(context);
    });

    var drawn = L.featureGroup().addTo(map);
    polygonsOf(data.boundary).forEach(function (rings) {
      L.polygon(rings.map(function (ring) {
        return ring.slice(0, -1).map(function (c) { return [c[1], c[0]]; });
      }), { color: GREEN, weight: 2, fillOpacity: 0.15 }).addTo(drawn);
    });
    var pointMarker = null;
    if (data.boundary && data.boundary.type === "Point") {
      var c = data.boundary.coordinates;
      pointMarker = L.marker([c[1], c[0]], { draggable: true }).addTo(map);
    }

    var input = document.getElementById(el.getAttribute("data-geometry-input"));
    var submit = document.getElementById(el.getAttribute("data-draw-submit"));
    function sync() {
      var geometry = geometryOf(drawn);
      if (input) input.value = geometry ? JSON.stringify(geometry) : "";
      if (submit) submit.disabled = !geometry;
    }
    sync();

    var control = new L.Control.Draw({
      position: "topright",
      draw: {
        polygon: { allowIntersection: false, showArea: false, shapeOptions: { color: GREEN } },
        rectangle: { shapeOptions: { color: GREEN } },
        polyline: false, circle: false, circlemarker: false, marker: false,
      },
      edit: { featureGroup: drawn },
    });
    map.addControl(control);
    map.on(L.Draw.Event.CREATED, function (event) {
      drawn.addLayer(event.layer);
      sync();
    });
    map.on(L.Draw.Event.EDITED + " " + L.Draw.Event.DELETED + " " + L.Draw.Event.EDITVERTEX, sync);
    map.on("draw:editstop draw:deletestop", sync);

    // Point mode: a click on the map (when the point form is shown) moves the marker.
    var lon = document.getElementById(el.getAttribute("data-lon-input"));
    var lat = document.getElementById(el.getAttribute("data-lat-input"));
    function setPoint(latlng) {
      if (!pointMarker) pointMarker = L.marker(latlng, { draggable: true }).addTo(map);
      pointMarker.setLatLng(latlng);
      if (lon) lon.value = latlng.lng.toFixed(6);
      if (lat) lat.value = latlng.lat.toFixed(6);
      pointMarker.off("dragend").on("dragend", function () { setPoint(pointMarker.getLatLng()); });
    }
    if (pointMarker) pointMarker.on("dragend", function () { setPoint(pointMarker.getLatLng()); });
    map.on("click", function (event) {
      var pointTab = document.querySelector('[data-boundary-mode="point"].active');
      if (pointTab) setPoint(event.latlng);
    });

    if (!fit(map, drawn, 14) && !fit(map, context, 12) && pointMarker) {
      map.setView(pointMarker.getLatLng(), 11);
    }
    el._drawn = drawn;
    return map;
  }

  /* --- the site picker ------------------------------------------------------------- */

  function sitePicker(el, data) {
    var map = baseMap(el);
    var context = L.featureGroup().addTo(map);
    if (data.boundary) boundaryLayer(data.boundary, { fillOpacity: 0.08 }).addTo(context);
    if (data.sites) sitesLayer(data.sites).addTo(context);
    var input = document.getElementById(el.getAttribute("data-geometry-input"));
    var lon = document.getElementById(el.getAttribute("data-lon-input"));
    var lat = document.getElementById(el.getAttribute("data-lat-input"));
    var shape = L.featureGroup().addTo(map);
    var current = input && input.value ? JSON.parse(input.value) : null;
    var marker = null;

    function setPoint(latlng) {
      shape.clearLayers();
      marker = L.marker(latlng, { draggable: true }).addTo(shape);
      marker.on("dragend", function () { setPoint(marker.getLatLng()); });
      if (lon) lon.value = latlng.lng.toFixed(6);
      if (lat) lat.value = latlng.lat.toFixed(6);
      if (input) input.value = JSON.stringify({ type: "Point", coordinates: [latlng.lng, latlng.lat] });
    }
    if (current && current.type === "Point") {
      setPoint(L.latLng(current.coordinates[1], current.coordinates[0]));
    } else if (current) {
      L.geoJSON(current, { style: { color: SITE } }).eachLayer(function (l) { shape.addLayer(l); });
    }
    map.on("click", function (event) {
      if (!map._drawing) setPoint(event.latlng);
    });
    var control = new L.Control.Draw({
      position: "topright",
      draw: {
        polygon: { allowIntersection: false, shapeOptions: { color: SITE } },
        polyline: false, circle: false, circlemarker: false, marker: false, rectangle: false,
      },
    });
    map.addControl(control);
    map.on("draw:drawstart", function () { map._drawing = true; });
    map.on("draw:drawstop", function () { setTimeout(function () { map._drawing = false; }, 0); });
    map.on(L.Draw.Event.CREATED, function (event) {
      shape.clearLayers();
      shape.addLayer(event.layer);
      if (input) input.value = JSON.stringify(event.layer.toGeoJSON().geometry);
      if (lon) lon.value = "";
      if (lat) lat.value = "";
    });
    [lon, lat].forEach(function (field) {
      if (!field) return;
      field.addEventListener("change", function () {
        var x = parseFloat(lon.value), y = parseFloat(lat.value);
        if (isFinite(x) && isFinite(y)) { setPoint(L.latLng(y, x)); map.panTo([y, x]); }
      });
    });
    if (!fit(map, shape, 14)) fit(map, context, 13);
    return map;
  }

  /* --- directory and embed ------------------------------------------------------- */

  function directoryMap(el, points) {
    var map = baseMap(el, { minZoom: 2 });
    var target = el.getAttribute("data-link-target") || "";
    var base = el.getAttribute("data-profile-base") || "/p/";
    var cluster = L.markerClusterGroup({ showCoverageOnHover: false, maxClusterRadius: 50 });
    var markers = (points || []).map(function (p) {
      var url = base + encodeURIComponent(p.partnership) + "/landscapes/" + encodeURIComponent(p.slug) + "/";
      var area = p.area_ha != null
        ? "<br>" + Math.round(p.area_ha).toLocaleString(document.documentElement.lang || undefined) + " ha"
        : "";
      var marker = L.marker([p.lat, p.lon], { title: p.name, alt: p.name });
      marker.bindPopup(
        '<a href="' + escapeHtml(url) + '"' + (target ? ' target="' + target + '" rel="noopener"' : "") +
        "><strong>" + escapeHtml(p.name) + "</strong></a><br><span class=\"small\">" +
        escapeHtml(p.partnership_name) + "</span>" + area
      );
      return marker;
    });
    cluster.addLayers(markers);
    map.addLayer(cluster);
    if (markers.length) map.fitBounds(cluster.getBounds(), { padding: [40, 40], maxZoom: 9 });

    // Outlines of the landscapes in view once zoomed in (simplified geometry only).
    var shapesUrl = el.getAttribute("data-shapes-url");
    var outlines = L.geoJSON(null, { style: { color: GREEN, weight: 2, fillOpacity: 0.12 }, interactive: false }).addTo(map);
    var pending = null;
    function loadShapes() {
      if (!shapesUrl) return;
      if (map.getZoom() < 7) { outlines.clearLayers(); return; }
      var b = map.getBounds();
      var bbox = [Math.max(b.getWest(), -180), Math.max(b.getSouth(), -90), Math.min(b.getEast(), 180), Math.min(b.getNorth(), 90)]
        .map(function (v) { return v.toFixed(4); }).join(",");
      var url = shapesUrl + (shapesUrl.indexOf("?") < 0 ? "?" : "&") + "bbox=" + bbox;
      if (pending) pending.abort();
      pending = new AbortController();
      fetch(url, { signal: pending.signal, headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (data) { if (data) { outlines.clearLayers(); outlines.addData(data); } })
        .catch(function () {});
    }
    map.on("moveend", loadShapes);
    loadShapes();
    return map;
  }

  /* --- start ------------------------------------------------------------------------- */

  var KINDS = {
    profile: profileMap,
    list: profileMap,
    boundary: boundaryEditor,
    site: sitePicker,
    directory: directoryMap,
  };

  function start() {
    document.querySelectorAll("[data-landscape-map]").forEach(function (el) {
      if (el._landscapeMap) return;
      var kind = el.getAttribute("data-landscape-map");
      var data = readJSON(el.getAttribute("data-map-data")) || {};
      el._landscapeMap = KINDS[kind](el, data);
      el.setAttribute("data-ready", "true");
    });
  }

  // A map in a hidden tab or panel needs to measure itself again when shown.
  document.addEventListener("shown.bs.tab", function () {
    document.querySelectorAll("[data-landscape-map]").forEach(function (el) {
      if (el._landscapeMap) el._landscapeMap.invalidateSize();
    });
  });

  window.LandscapeMaps = { start: start };
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
