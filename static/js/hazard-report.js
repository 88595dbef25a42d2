document.querySelectorAll('.hazard-form input:not([type=checkbox]):not([type=hidden]):not([type=file]), .hazard-form textarea').forEach(i => i.classList.add('form-control'));
document.querySelectorAll('.hazard-form select').forEach(s => s.classList.add('form-select'));
document.getElementById('locate').addEventListener('click', () => {
  const msg = document.getElementById('locate-msg');
  if (!navigator.geolocation) { msg.textContent = '此设备不支持定位'; return; }
  msg.textContent = '定位中…';
  navigator.geolocation.getCurrentPosition(p => {
    document.getElementById('id_latitude').value = p.coords.latitude.toFixed(6);
    document.getElementById('id_longitude').value = p.coords.longitude.toFixed(6);
    msg.textContent = '已填入当前位置';
  }, () => { msg.textContent = '定位失败，请手工填写'; });
});
