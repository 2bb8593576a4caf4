// Warn before an idle session ends (the server ends it regardless).
(function () {
  var body = document.body;
  var expires = Date.parse(body.dataset.sessionExpires || "");
  var lead = Number(body.dataset.idleWarning || "300") * 1000;
  if (!expires) { return; }
  var wait = expires - Date.now() - lead;
  window.setTimeout(function () {
    var box = document.getElementById("status");
    if (!box) { return; }
    box.classList.remove("empty");
    box.textContent = body.dataset.idleText ||
      "Du loggas snart ut eftersom du inte har gjort något på en stund. " +
      "Ladda om sidan för att fortsätta.";
  }, Math.max(wait, 0));
})();
