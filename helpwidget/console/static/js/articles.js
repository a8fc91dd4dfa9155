/* Article management for site admins: list, create, edit with a live Markdown preview,
   unpublish, and the routes and audience an article is for. */
(function () {
  "use strict";

  var C = window.HWConsole;
  var t = C.t;
  var el = C.el;

  var KINDS = ["article", "faq", "video", "download"];

  var state = {site: null, info: null, categories: [], editing: null};
  var ui = {};

  function option(value, label, selected) {
    return el("option", {value: value, text: label, selected: Boolean(selected)});
  }

  function adminSites() {
    return ((C.me && C.me.sites) || []).filter(function (s) { return s.role === "admin"; });
  }

  function base() {
    return "/advisor/sites/" + encodeURIComponent(state.site) + "/articles";
  }

  /* Flatten the server's field messages (lists, or per-item objects) into lines of text. */
  function messages(value) {
    if (!value) return [];
    if (typeof value === "string") return [value];
    if (Array.isArray(value)) {
      return value.reduce(function (all, v) { return all.concat(messages(v)); }, []);
    }
    return Object.keys(value).reduce(function (all, k) {
      return all.concat(messages(value[k]));
    }, []);
  }

  // ---- the list --------------------------------------------------------------------------

  function loadList() {
    var params = new URLSearchParams();
    if (ui.locale.value) params.set("locale", ui.locale.value);
    if (ui.status.value) params.set("status", ui.status.value);
    if (ui.q.value.trim()) params.set("q", ui.q.value.trim());
    return C.api("GET", base() + "?" + params.toString()).then(function (data) {
      state.info = data.site;
      state.categories = data.categories || [];
      fillLocales();
      renderList(data.articles || [], data.total);
    }, function (error) {
      C.clear(ui.rows).appendChild(el("tr", {}, el("td", {colspan: "6", class: "error",
                                                         text: error.message})));
    });
  }

  function fillLocales() {
    var chosen = ui.locale.value;
    C.clear(ui.locale).appendChild(option("", t("articles.all_languages")));
    (state.info.locales || []).forEach(function (code) {
      ui.locale.appendChild(option(code, t("language." + code), code === chosen));
    });
  }

  function renderList(articles, total) {
    C.clear(ui.rows);
    ui.count.textContent = t("articles.count", {count: total});
    if (!articles.length) {
      ui.rows.appendChild(el("tr", {}, el("td", {colspan: "6", class: "empty",
                                                 text: t("articles.none")})));
    }
    articles.forEach(function (article) {
      ui.rows.appendChild(el("tr", {class: article.published ? "" : "unpublished"},
        el("td", {}, el("button", {type: "button", class: "link", text: article.title,
                                   onclick: function () { edit(article.id); }})),
        el("td", {text: article.locale}),
        el("td", {text: t("kind." + article.kind)}),
        el("td", {text: article.category ? article.category.title : ""}),
        el("td", {}, el("span", {class: "badge " + (article.published ? "published"
                                                                       : "draft"),
                                 text: article.published ? t("articles.published")
                                   : t("articles.unpublished")})),
        el("td", {text: C.formatTime(article.updated_at)})));
    });
  }

  // ---- the editor ------------------------------------------------------------------------

  function field(name, label, control, hint) {
    var id = "article-" + name;
    control.id = id;
    var error = el("p", {class: "field-error", id: id + "-error", hidden: true});
    control.setAttribute("aria-describedby", id + "-error" + (hint ? " " + id + "-hint" : ""));
    ui.errors[name] = error;
    return el("div", {class: "field", dataset: {field: name}},
              el("label", {for: id, text: label}), control,
              hint ? el("p", {class: "hint", id: id + "-hint", text: hint}) : null, error);
  }

  function buildEditor() {
    ui.errors = {};
    ui.f = {
      title: el("input", {type: "text", maxlength: "300", required: true}),
      slug: el("input", {type: "text", maxlength: "200", pattern: "[a-z0-9]+(-[a-z0-9]+)*"}),
      locale: el("select", {}),
      category: el("input", {type: "text", maxlength: "200", list: "article-categories"}),
      kind: el("select", {}, KINDS.map(function (k) { return option(k, t("kind." + k)); })),
      video_url: el("input", {type: "url", maxlength: "500", placeholder: "https://"}),
      summary: el("textarea", {rows: "2", maxlength: "1000"}),
      body: el("textarea", {rows: "18", class: "markdown", spellcheck: "true"}),
      tags: el("input", {type: "text"}),
      routes: el("textarea", {rows: "3", placeholder: "/invoices/:id"}),
      audience: el("div", {class: "audience", role: "group"}),
      published: el("input", {type: "checkbox"})
    };
    ui.categoryList = el("datalist", {id: "article-categories"});
    ui.preview = el("div", {class: "preview body", "aria-live": "off"});
    ui.formError = el("p", {class: "form-error", role: "alert", hidden: true});
    ui.heading = el("h2", {});
    ui.unpublish = el("button", {type: "button", class: "danger", text: t("articles.unpublish"),
                                 onclick: unpublish});
    ui.publicLink = el("a", {class: "public-link", target: "_blank", rel: "noopener",
                             text: t("articles.view_public"), hidden: true});
    var f = ui.f;
    ui.form = el("form", {class: "article-editor", novalidate: true},
      ui.heading, ui.formError,
      el("div", {class: "grid"},
         field("title", t("articles.title"), f.title),
         field("slug", t("articles.slug"), f.slug, t("articles.slug_hint")),
         field("locale", t("articles.language"), f.locale),
         field("category", t("articles.category"), f.category, t("articles.category_hint")),
         field("kind", t("articles.kind"), f.kind),
         field("video_url", t("articles.video_url"), f.video_url)),
      field("summary", t("articles.summary"), f.summary),
      el("div", {class: "split"},
         field("body", t("articles.body"), f.body, t("articles.body_hint")),
         el("div", {class: "field"}, el("span", {class: "label", text: t("articles.preview")}),
            ui.preview)),
      el("div", {class: "grid"},
         field("tags", t("articles.tags"), f.tags, t("articles.tags_hint")),
         field("routes", t("articles.routes"), f.routes, t("articles.routes_hint")),
         field("audience", t("articles.audience"), f.audience, t("articles.audience_hint"))),
      el("label", {class: "check"}, f.published, t("articles.publish_toggle")),
      ui.categoryList,
      el("div", {class: "actions"},
         el("button", {type: "submit", text: t("articles.save")}),
         ui.unpublish,
         el("button", {type: "button", class: "secondary", text: t("articles.back"),
                       onclick: closeEditor}),
         ui.publicLink));
    ui.form.addEventListener("submit", function (event) { event.preventDefault(); save(); });
    var timer = null;
    f.body.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(preview, 300);
    });
    f.locale.addEventListener("change", fillCategories);
    f.kind.addEventListener("change", toggleVideo);
    return ui.form;
  }

  function toggleVideo() {
    var box = ui.form.querySelector('[data-field="video_url"]');
    box.hidden = ui.f.kind.value !== "video" && !ui.f.video_url.value;
  }

  function fillCategories() {
    C.clear(ui.categoryList);
    state.categories.filter(function (c) { return c.locale === ui.f.locale.value; })
      .forEach(function (c) { ui.categoryList.appendChild(el("option", {value: c.title})); });
  }

  function fillAudience(chosen) {
    var types = (state.info && state.info.account_types) || [];
    C.clear(ui.f.audience);
    if (!types.length) {
      ui.f.audience.appendChild(el("input", {type: "text", name: "audience",
                                             "aria-label": t("articles.audience"),
                                             value: chosen.join(", ")}));
      return;
    }
    types.forEach(function (type) {
      ui.f.audience.appendChild(el("label", {class: "check"},
        el("input", {type: "checkbox", name: "audience", value: type,
                     checked: chosen.indexOf(type) >= 0}), type));
    });
  }

  function readAudience() {
    var boxes = ui.f.audience.querySelectorAll('input[type="checkbox"]');
    if (boxes.length) {
      return Array.prototype.filter.call(boxes, function (b) { return b.checked; })
        .map(function (b) { return b.value; });
    }
    var text = ui.f.audience.querySelector("input");
    return splitList(text ? text.value : "", /,/);
  }

  function splitList(text, separator) {
    return text.split(separator).map(function (s) { return s.trim(); })
      .filter(function (s) { return s; });
  }

  function showErrors(error) {
    Object.keys(ui.errors).forEach(function (name) {
      ui.errors[name].hidden = true;
      ui.errors[name].textContent = "";
      var control = ui.f[name];
      if (control) control.removeAttribute("aria-invalid");
    });
    ui.formError.hidden = !error;
    ui.formError.textContent = error ? error.message : "";
    if (!error) return;
    Object.keys(error.fields || {}).forEach(function (name) {
      var box = ui.errors[name];
      var text = messages(error.fields[name]).join(" ");
      if (!box) {
        ui.formError.textContent += " " + text;
        return;
      }
      box.textContent = text;
      box.hidden = false;
      if (ui.f[name]) ui.f[name].setAttribute("aria-invalid", "true");
    });
  }

  function preview() {
    var text = ui.f.body.value;
    C.api("POST", "/advisor/markdown-preview", {body: text}).then(function (data) {
      if (ui.f.body.value !== text) return;  // an older answer: a newer one is on its way
      // The server sanitized this HTML (services.markdown.render); user text never goes here.
      ui.preview.innerHTML = data.html;
    }, function () { /* the preview waits for the next keystroke */ });
  }

  function openEditor(article) {
    state.editing = article;
    var f = ui.f;
    var locales = (state.info && state.info.locales) || [C.locale];
    C.clear(f.locale);
    locales.forEach(function (code) { f.locale.appendChild(option(code, t("language." + code))); });
    f.title.value = article ? article.title : "";
    f.slug.value = article ? article.slug : "";
    f.locale.value = article ? article.locale
      : (ui.locale.value || (state.info && state.info.default_locale) || locales[0]);
    f.category.value = article && article.category ? article.category.title : "";
    f.kind.value = article ? article.kind : "article";
    f.video_url.value = article ? article.video_url || "" : "";
    f.summary.value = article ? article.summary : "";
    f.body.value = article ? article.body : "";
    f.tags.value = article ? (article.tags || []).join(", ") : "";
    f.routes.value = article ? (article.routes || []).join("\n") : "";
    f.published.checked = article ? article.published : true;
    fillAudience(article ? article.audience || [] : []);
    fillCategories();
    toggleVideo();
    ui.heading.textContent = article ? t("articles.edit_title", {title: article.title})
      : t("articles.new_title");
    ui.unpublish.hidden = !article || !article.published;
    ui.publicLink.hidden = !article || !article.published;
    if (article && article.url) ui.publicLink.href = article.url;
    showErrors(null);
    ui.preview.innerHTML = article ? article.body_html || "" : "";
    ui.listBox.hidden = true;
    ui.form.hidden = false;
    f.title.focus();
  }

  function closeEditor() {
    state.editing = null;
    ui.form.hidden = true;
    ui.listBox.hidden = false;
    loadList();
  }

  function edit(id) {
    C.api("GET", base() + "/" + id).then(openEditor, C.fail);
  }

  function payload() {
    var f = ui.f;
    var data = {
      title: f.title.value, locale: f.locale.value, category: f.category.value,
      kind: f.kind.value, video_url: f.video_url.value, summary: f.summary.value,
      body: f.body.value, tags: splitList(f.tags.value, /,/),
      routes: splitList(f.routes.value, /\n/), audience: readAudience(),
      published: f.published.checked
    };
    if (f.slug.value.trim()) data.slug = f.slug.value.trim();
    return data;
  }

  function save() {
    var editing = state.editing;
    var request = editing ? C.api("PUT", base() + "/" + editing.id, payload())
      : C.api("POST", base(), payload());
    request.then(function (article) {
      C.toast(t("articles.saved"), article.title);
      openEditor(article);
    }, function (error) {
      showErrors(error);
    });
  }

  function unpublish() {
    var editing = state.editing;
    if (!editing || !window.confirm(t("articles.unpublish_confirm", {title: editing.title}))) {
      return;
    }
    C.api("POST", base() + "/" + editing.id + "/unpublish").then(function (article) {
      C.toast(t("articles.unpublished_done"), article.title);
      openEditor(article);
    }, C.fail);
  }

  function mount(root) {
    var sites = adminSites();
    if (!sites.length) return;
    state.site = sites[0].key;
    ui.siteSelect = el("select", {"aria-label": t("articles.site")},
                       sites.map(function (s) { return option(s.key, s.name); }));
    ui.siteSelect.addEventListener("change", function () {
      state.site = ui.siteSelect.value;
      ui.locale.value = "";
      loadList();
    });
    ui.locale = el("select", {"aria-label": t("articles.language")},
                   option("", t("articles.all_languages")));
    ui.status = el("select", {"aria-label": t("articles.status")},
                   option("", t("articles.all")), option("published", t("articles.published")),
                   option("unpublished", t("articles.unpublished")));
    ui.q = el("input", {type: "search", maxlength: "200", placeholder: t("articles.search"),
                        "aria-label": t("articles.search")});
    var typing = null;
    ui.q.addEventListener("input", function () {
      clearTimeout(typing);
      typing = setTimeout(loadList, 300);
    });
    ui.locale.addEventListener("change", loadList);
    ui.status.addEventListener("change", loadList);
    ui.rows = el("tbody", {});
    ui.count = el("p", {class: "count", "aria-live": "polite"});
    ui.listBox = el("div", {class: "article-list"},
      el("div", {class: "toolbar"},
         sites.length > 1 ? ui.siteSelect : null, ui.locale, ui.status, ui.q,
         el("button", {type: "button", text: t("articles.new"),
                       onclick: function () { openEditor(null); }})),
      ui.count,
      el("table", {},
         el("thead", {}, el("tr", {},
            ["articles.title", "articles.language", "articles.kind", "articles.category",
             "articles.status", "articles.updated"].map(function (key) {
              return el("th", {scope: "col", text: t(key)});
            }))),
         ui.rows));
    var editor = buildEditor();
    editor.hidden = true;
    root.appendChild(el("div", {class: "articles"}, ui.listBox, editor));
    loadList();
  }

  C.views.articles = {mount: mount};
}());
