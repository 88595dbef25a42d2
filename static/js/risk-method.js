// Show only the factors of the chosen method.
document.querySelectorAll('select[name$=method]').forEach(sel => {
  const form = sel.closest('form');
  const sync = () => {
    const lec = sel.value === 'lec';
    form.querySelectorAll('[name$=lec_l],[name$=lec_e],[name$=lec_c]').forEach(i => i.closest('.mb-2').style.display = lec ? '' : 'none');
    form.querySelectorAll('[name$=matrix_l],[name$=matrix_s]').forEach(i => i.closest('.mb-2').style.display = lec ? 'none' : '');
  };
  sel.addEventListener('change', sync); sync();
});
