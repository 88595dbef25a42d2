(function () {
  const el = document.getElementById('map');
  const map = L.map(el, {preferCanvas: true, maxZoom: 16}).setView([35, 110], 5);
  const base = Zhiben.baseMap(map, el);
  fetch(el.dataset.source).then(r => r.json()).then(data => {
    const pts = data.points;
    document.getElementById('map-count').textContent = '未销号且有坐标的隐患 ' + pts.length + ' 项';
    const lines = p => [
      [{href: p.url, text: p.number}], [p.major ? '重大隐患' : '一般隐患'], [p.title], [p.place || ''],
      [p.state, p.overdue ? '，' : '', p.overdue ? {strong: '逾期', colour: '#dc3545'} : '', p.listed ? '，挂牌督办' : ''],
    ];
    Zhiben.clusters(map, pts, p => {
      return L.circleMarker([p.lat, p.lng], {
        radius: p.major ? 9 : 6, fillColor: p.major ? '#dc3545' : '#fd7e14', fillOpacity: 0.85,
        color: p.overdue ? '#000' : '#fff', weight: p.overdue ? 3 : 1,
      }).bindPopup(() => Zhiben.popup(lines(p)));
    });
    Zhiben.pointList(document.getElementById('map-points'), [{title: '未销号隐患', items: pts.map(lines)}]);
    if (pts.length) map.fitBounds(L.latLngBounds(pts.map(p => [p.lat, p.lng])).pad(0.2), {maxZoom: 11, animate: false});
    else base.then(bounds => { if (bounds) map.fitBounds(bounds, {animate: false}); });
    el.dataset.loaded = String(pts.length);
  });
})();
