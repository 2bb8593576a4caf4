// The SMS segment count of a text while it is typed: the same rules as the
// server's conversations/sms_cost.py (tests compare the two on the same texts).
// Without JavaScript the server shows the count after saving or previewing.
(function () {
  var BASIC = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?" +
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";
  var EXTENSION = "\f^{}\\[~]|€";

  function codePoints(text) { return Array.from(text); }

  function segments(units, single, part) {
    var total = units.reduce(function (a, b) { return a + b; }, 0);
    if (total <= single) { return 1; }
    var count = 1, used = 0;
    units.forEach(function (size) {
      if (used + size > part) { count += 1; used = 0; }
      used += size;
    });
    return count;
  }

  // A form sends each line break as CR LF, so count it as the server receives it.
  function cost(text) {
    var chars = codePoints(text.replace(/\r?\n/g, "\r\n"));
    var gsm = chars.every(function (ch) {
      return BASIC.indexOf(ch) >= 0 || EXTENSION.indexOf(ch) >= 0;
    });
    var units;
    if (gsm) {
      units = chars.map(function (ch) { return EXTENSION.indexOf(ch) >= 0 ? 2 : 1; });
      return { chars: units.reduce(function (a, b) { return a + b; }, 0), encoding: "GSM-7",
               segments: segments(units, 160, 153) };
    }
    units = chars.map(function (ch) { return ch.codePointAt(0) > 0xFFFF ? 2 : 1; });
    return { chars: units.reduce(function (a, b) { return a + b; }, 0), encoding: "UCS-2",
             segments: segments(units, 70, 67) };
  }

  window.HejsanSms = { cost: cost, GSM7_BASIC: BASIC, GSM7_EXTENSION: EXTENSION };

  // <textarea data-sms-cost="ID"> writes its count into #ID, worded by the
  // page: data-empty, data-gsm and data-ucs on #ID, with {segments} and {chars}.
  function show(area) {
    var out = document.getElementById(area.dataset.smsCost);
    if (!out) { return; }
    if (!area.value) { out.textContent = out.dataset.empty || ""; return; }
    var c = cost(area.value);
    var words = c.encoding === "GSM-7" ? out.dataset.gsm : out.dataset.ucs;
    out.textContent = (words || "{segments}")
      .replace("{segments}", String(c.segments)).replace("{chars}", String(c.chars));
  }

  document.querySelectorAll("textarea[data-sms-cost]").forEach(function (area) {
    area.addEventListener("input", function () { show(area); });
    show(area);
  });
})();
