// The QR code's link to continue later ends in "#secret". Browsers never send the part
// after "#" to a server, so it stays out of every log: send it here with a POST, and take
// it out of the address bar and the history first.
(function () {
  var secret = window.location.hash.slice(1);
  var form = document.getElementById("resume-link");
  if (!secret || !form) {
    return;
  }
  window.history.replaceState(null, "", window.location.pathname);
  form.elements.link.value = secret;
  form.submit();
})();
