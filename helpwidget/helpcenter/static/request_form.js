// Help center request forms: "Attach diagnostics" (what it sends is shown first), more CC rows,
// and the file limits checked before a large upload is sent for nothing.
(function () {
  "use strict";

  function browserName() {
    var ua = navigator.userAgent;
    var rules = [["Edg/", "Edge"], ["OPR/", "Opera"], ["Firefox/", "Firefox"], ["Chrome/", "Chrome"],
      ["Version/", "Safari"]];
    for (var i = 0; i < rules.length; i++) {
      var at = ua.indexOf(rules[i][0]);
      if (at >= 0) { return rules[i][1] + " " + ua.slice(at + rules[i][0].length).split(/[ ;)]/)[0]; }
    }
    return ua.slice(0, 100);
  }

  function osName() {
    var ua = navigator.userAgent, found;
    var rules = [[/Windows NT ([\d.]+)/, "Windows"], [/Android ([\d.]+)/, "Android"],
      [/(?:iPhone|CPU) OS ([\d_]+)/, "iOS"], [/Mac OS X ([\d_.]+)/, "macOS"], [/CrOS/, "ChromeOS"],
      [/Linux/, "Linux"]];
    for (var i = 0; i < rules.length; i++) {
      found = ua.match(rules[i][0]);
      if (found) { return (rules[i][1] + " " + (found[1] || "").replace(/_/g, ".")).trim(); }
    }
    return (navigator.userAgentData && navigator.userAgentData.platform) || "";
  }

  /** What "Attach diagnostics" sends: about the browser only, never form values or page content. */
  function diagnostics() {
    var zone = "";
    try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone || ""; } catch (e) { zone = ""; }
    return { browser: browserName().slice(0, 100), os: osName().slice(0, 100),
      screen: window.screen.width + "x" + window.screen.height,
      language: (navigator.language || "").slice(0, 35), timezone: zone.slice(0, 64),
      time: new Date().toISOString() };
  }

  function setUpDiagnostics(form) {
    var box = form.querySelector("#req-attach-diagnostics");
    if (!box) { return; }
    var field = form.querySelector("#req-diagnostics");
    var preview = form.querySelector("#req-diagnostics-preview");
    var list = preview.querySelector("dl");
    var labels = JSON.parse(list.getAttribute("data-labels"));
    function update() {
      list.textContent = "";
      if (!box.checked) {
        field.value = "";
        preview.hidden = true;
        return;
      }
      var found = diagnostics();
      field.value = JSON.stringify(found);
      Object.keys(found).forEach(function (key) {
        var term = document.createElement("dt"), value = document.createElement("dd");
        term.textContent = labels[key] || key;
        value.textContent = found[key];
        list.appendChild(term);
        list.appendChild(value);
      });
      preview.hidden = false;
    }
    box.addEventListener("change", update);
    form.addEventListener("submit", function () { if (box.checked) { update(); } });
    update();
  }

  function setUpCc(form) {
    var add = form.querySelector(".req-cc-add");
    if (!add) { return; }
    function rows() { return form.querySelectorAll(".req-cc-row"); }
    function refresh() { add.hidden = rows().length >= 10; }
    add.addEventListener("click", function () {
      var all = rows(), last = all[all.length - 1], row = last.cloneNode(true);
      var input = row.querySelector("input");
      input.value = "";
      input.removeAttribute("aria-invalid");
      input.setAttribute("aria-label", add.getAttribute("data-label").replace("{n}", all.length + 1));
      last.parentNode.insertBefore(row, last.nextSibling);
      input.focus();
      refresh();
    });
    refresh();
  }

  function checkFiles(form, event) {
    var input = form.querySelector("input[type=file][name=files]");
    if (!input) { return; }
    var note = form.querySelector(".req-file-check");
    var kept = form.querySelectorAll("input[name=attachments]:checked").length;
    var files = Array.prototype.slice.call(input.files || []);
    var limit = Number(input.getAttribute("data-max-files"));
    var largest = Number(input.getAttribute("data-max-bytes"));
    var problems = [];
    if (kept + files.length > limit) { problems.push(input.getAttribute("data-too-many")); }
    files.forEach(function (file) {
      if (file.size > largest) { problems.push(file.name + ": " + input.getAttribute("data-too-large")); }
    });
    note.textContent = problems.join(" ");
    note.hidden = !problems.length;
    if (problems.length) {
      event.preventDefault();
      input.setAttribute("aria-invalid", "true");
      input.focus();
    }
  }

  Array.prototype.forEach.call(document.querySelectorAll("form.req-upload-form"), function (form) {
    setUpDiagnostics(form);
    setUpCc(form);
    // A request sent twice is stored once: the form carries its own client id.
    form.addEventListener("submit", function (event) { checkFiles(form, event); });
  });
  // A field the server refused gets the focus, so the reader starts where they must.
  var invalid = document.querySelector("form [aria-invalid=true]");
  if (invalid) { invalid.focus(); }
})();
