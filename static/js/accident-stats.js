(function () {
  const el = document.getElementById('trend'); const d = JSON.parse(el.dataset.chart);
  const chart = echarts.init(el);
  chart.setOption({
    animation: false, textStyle: {fontFamily: 'Noto Sans CJK SC, sans-serif'}, tooltip: {trigger: 'axis'}, legend: {data: ['事故起数', '死亡人数']},
    xAxis: {type: 'category', data: d.months}, yAxis: {type: 'value', minInterval: 1},
    series: [{name: '事故起数', type: 'bar', data: d.count}, {name: '死亡人数', type: 'line', data: d.deaths}],
  });
  el.dataset.rendered = '1';
})();
