(function () {
  const d = JSON.parse(document.getElementById('chart-data').textContent);
  const go = (items) => (p) => { const it = items[p.dataIndex]; if (it && it.url) window.location = it.url; };
  const font = {fontFamily: getComputedStyle(document.body).fontFamily};
  const trend = echarts.init(document.getElementById('chart-trend'));
  trend.setOption({textStyle: font, tooltip: {trigger: 'axis'}, legend: {data: ['发现', '验收通过']}, grid: {left: 36, right: 12, bottom: 28},
    xAxis: {type: 'category', data: d.trend.months}, yAxis: {type: 'value', minInterval: 1},
    series: [{name: '发现', type: 'bar', data: d.trend.found, itemStyle: {color: '#fd7e14'}},
             {name: '验收通过', type: 'line', data: d.trend.accepted, itemStyle: {color: '#198754'}}]});
  const sector = echarts.init(document.getElementById('chart-sector'));
  sector.setOption({textStyle: font, tooltip: {}, grid: {left: 110, right: 20, bottom: 20}, yAxis: {type: 'category', inverse: true, data: d.by_sector.map(x => x.name)},
    xAxis: {type: 'value', minInterval: 1}, series: [{type: 'bar', data: d.by_sector.map(x => x.value), itemStyle: {color: '#dc3545'}}]});
  sector.on('click', go(d.by_sector));
  const source = echarts.init(document.getElementById('chart-source'));
  source.setOption({textStyle: font, tooltip: {trigger: 'item'}, series: [{type: 'pie', radius: ['35%', '70%'], data: d.by_source}]});
  source.on('click', go(d.by_source));
  const unit = echarts.init(document.getElementById('chart-unit'));
  unit.setOption({textStyle: font, tooltip: {trigger: 'axis'}, legend: {data: ['未销号', '逾期']}, grid: {left: 150, right: 20, bottom: 20},
    yAxis: {type: 'category', inverse: true, data: d.by_unit.map(x => x.name)}, xAxis: {type: 'value', minInterval: 1},
    series: [{name: '未销号', type: 'bar', data: d.by_unit.map(x => x.open), itemStyle: {color: '#0d6efd'}},
             {name: '逾期', type: 'bar', data: d.by_unit.map(x => x.overdue), itemStyle: {color: '#dc3545'}}]});
  unit.on('click', go(d.by_unit));
  window.addEventListener('resize', () => [trend, sector, source, unit].forEach(c => c.resize()));
  document.getElementById('chart-data').dataset.drawn = '1';
})();
