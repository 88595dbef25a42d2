const anon = document.getElementById('id_anonymous'), contact = document.getElementById('contact');
function toggleContact() { contact.style.display = anon.checked ? 'none' : ''; }
anon.addEventListener('change', toggleContact); toggleContact();
