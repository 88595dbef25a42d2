(function () {
  const el = document.getElementById('map');
  const map = L.map(el, {preferCanvas: true, maxZoom: 16}).setView([35, 110], 5);
  const base = Zhiben.baseMap(map, el);
  const COLOURS = {red: '#d62728', orange: '#ff7f0e', yellow: '#ffd60a', blue: '#1f77b4'};
  const GRADES = {red: '#dc3545', yellow: '#ffc107', green: '#198754'};
  const GRADE_LABELS = {red: '红', yellow: '黄', green: '绿'};
  const risks = L.featureGroup().addTo(map), hazards = L.featureGroup().addTo(map), firms = L.featureGroup();
  L.control.layers(null, {'风险点': risks, '未销号隐患': hazards, '企业三色': firms}, {collapsed: false}).addTo(map);
  function load() {
    const sector = document.getElementById('sector').value;
    fetch(el.dataset.source + (sector ? '?sector=' + sector : '')).then(r => r.json()).then(data => {
      [risks, hazards, firms].forEach(g => g.clearLayers());
      const riskLines = p => [[{href: p.url, text: p.name}], ['最高：' + p.label + '风险'],
        [Object.entries(p.counts).map(([k, v]) => ({major: '重大', larger: '较大', general: '一般', low: '低'}[k] + ' ' + v)).join('，')]];
      const hazardLines = h => [[{href: h.url, text: h.number}], [h.major ? '重大隐患' : '一般隐患'], [h.title]];
      const firmLines = e => [[{href: e.url, text: e.name}], ['企业分级：' + GRADE_LABELS[e.grade]]];
      data.risks.forEach(p => {
        L.circleMarker([p.lat, p.lng], {radius: 9, fillColor: COLOURS[p.colour], fillOpacity: 0.9, color: '#fff', weight: 2})
          .bindPopup(() => Zhiben.popup(riskLines(p))).addTo(risks);
      });
      data.hazards.forEach(h => {
        L.rectangle([[h.lat - 0.004, h.lng - 0.004], [h.lat + 0.004, h.lng + 0.004]], {color: '#000', weight: 1,
          fillColor: h.major ? '#d62728' : '#555', fillOpacity: 0.9}).bindPopup(() => Zhiben.popup(hazardLines(h))).addTo(hazards);
      });
      data.enterprises.forEach(e => {
        L.circleMarker([e.lat, e.lng], {radius: 5, fillColor: GRADES[e.grade], fillOpacity: 0.9, color: '#333', weight: 1})
          .bindPopup(() => Zhiben.popup(firmLines(e))).addTo(firms);
      });
      Zhiben.pointList(document.getElementById('map-points'), [
        {title: '风险点企业', items: data.risks.map(riskLines)}, {title: '未销号隐患', items: data.hazards.map(hazardLines)},
        {title: '企业三色', items: data.enterprises.map(firmLines)}]);
      document.getElementById('map-count').textContent = `风险点企业 ${data.risks.length} 家，未销号隐患 ${data.hazards.length} 项`;
      const all = L.featureGroup([risks, hazards]);
      if (data.risks.length || data.hazards.length) map.fitBounds(all.getBounds().pad(0.2), {maxZoom: 12, animate: false});
      else base.then(bounds => { if (bounds) map.fitBounds(bounds, {animate: false}); });
      el.dataset.loaded = String(data.risks.length);
    });
  }
  document.getElementById('sector').addEventListener('change', load);
  load();
})();
