// "Was this helpful?" on public article pages: opens a visitor session, then sends the answer.
(function () {
  "use strict";
  var form = document.querySelector("form.helpful");
  if (!form || !window.fetch) { return; }
  var body = document.body, site = body.dataset.site, locale = body.dataset.locale;
  var sessionUrl = body.dataset.api, tokenKey = "helpwidget:" + site + ":visitor";
  var answeredKey = "helpwidget:" + site + ":answered:" + locale + "/" + form.dataset.slug;
  var answer = null;

  function show(name) {
    form.querySelector("fieldset").hidden = name === "thanks";
    form.querySelector(".thanks").hidden = name !== "thanks";
    form.querySelector(".failed").hidden = name !== "failed";
  }

  function session() {
    var token = window.localStorage.getItem(tokenKey);
    var headers = { "Content-Type": "application/json" };
    if (token) { headers.Authorization = "Bearer " + token; }
    return fetch(sessionUrl, { method: "POST", headers: headers, body: JSON.stringify({ site: site }) })
      .then(function (r) { if (!r.ok) { throw new Error("session " + r.status); } return r.json(); })
      .then(function (data) { window.localStorage.setItem(tokenKey, data.visitor_token); return data.visitor_token; });
  }

  function send() {
    var comment = form.querySelector("textarea").value;
    session().then(function (token) {
      var url = sessionUrl.replace(/session$/, "articles/") + encodeURIComponent(form.dataset.slug) +
        "/feedback?site=" + encodeURIComponent(site) + "&locale=" + encodeURIComponent(locale);
      return fetch(url, { method: "POST", headers: { "Content-Type": "application/json", Authorization: "Bearer " + token },
        body: JSON.stringify({ helpful: answer, comment: comment }) });
    }).then(function (response) {
      // 409: this visitor answered before, from another tab; either way it is recorded.
      if (!response.ok && response.status !== 409) { throw new Error("feedback " + response.status); }
      window.localStorage.setItem(answeredKey, "1");
      show("thanks");
    }).catch(function () { show("failed"); });
  }

  form.hidden = false;
  if (window.localStorage.getItem(answeredKey)) { show("thanks"); return; }
  form.addEventListener("click", function (event) {
    var value = event.target.value;
    if (value !== "yes" && value !== "no") { return; }
    answer = value === "yes";
    if (answer) { send(); return; }
    form.querySelector(".comment").hidden = false;
    form.querySelector(".send").hidden = false;
    form.querySelector("textarea").focus();
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); send(); });
})();
