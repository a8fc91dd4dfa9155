/* The ticket inbox: filters, a list sorted by due time, one ticket's thread with replies and
   internal notes, status, priority and assignment, kept live by the socket's ticket events. */
(function () {
  "use strict";

  var C = window.HWConsole;
  var t = C.t;
  var el = C.el;

  var STATUSES = ["open", "pending", "awaiting_reply", "resolved", "closed"];
  var PRIORITIES = ["low", "normal", "high", "urgent"];
  var PER_PAGE = 50;

  var state = {filters: {}, page: 1, total: 0, current: null, categories: {}, teams: {}};
  var ui = {};
  var reloadTimer = null;

  function statusLabel(status) { return t("status." + status); }
  function priorityLabel(priority) { return t("priority." + priority); }

  function option(value, label, selected) {
    return el("option", {value: value, text: label, selected: Boolean(selected)});
  }

  function labelled(text, control) {
    return el("label", {class: "field"}, el("span", {text: text}), control);
  }

  function sites() { return (C.me && C.me.sites) || []; }

  // ---- filters ---------------------------------------------------------------------------

  function buildFilters() {
    ui.site = el("select", {name: "site"}, option("", t("tickets.all_sites")),
                 sites().map(function (s) { return option(s.key, s.name); }));
    ui.status = el("select", {name: "status"}, option("", t("tickets.not_closed")),
                   STATUSES.map(function (s) { return option(s, statusLabel(s)); }));
    ui.priority = el("select", {name: "priority"}, option("", t("tickets.any_priority")),
                     PRIORITIES.map(function (p) { return option(p, priorityLabel(p)); }));
    ui.category = el("select", {name: "category"}, option("", t("tickets.any_category")));
    ui.assignee = el("select", {name: "assignee"}, option("", t("tickets.anyone")),
                     option("me", t("tickets.mine")), option("none", t("tickets.unassigned")));
    ui.breached = el("input", {type: "checkbox", name: "breached"});
    ui.escalated = el("input", {type: "checkbox", name: "escalated"});
    ui.q = el("input", {type: "search", name: "q", maxlength: "200",
                        placeholder: t("tickets.search_placeholder")});
    var form = el("form", {class: "filters", role: "search",
                           "aria-label": t("tickets.filters")},
                  labelled(t("tickets.site"), ui.site), labelled(t("tickets.status"), ui.status),
                  labelled(t("tickets.priority"), ui.priority),
                  labelled(t("tickets.category"), ui.category),
                  labelled(t("tickets.assignee"), ui.assignee),
                  el("label", {class: "check"}, ui.breached, t("tickets.breached")),
                  el("label", {class: "check"}, ui.escalated, t("tickets.escalated")),
                  labelled(t("tickets.search"), ui.q));
    form.addEventListener("submit", function (event) { event.preventDefault(); reload(true); });
    form.addEventListener("change", function (event) {
      if (event.target === ui.site) loadCategories();
      reload(true);
    });
    var typing = null;
    ui.q.addEventListener("input", function () {
      clearTimeout(typing);
      typing = setTimeout(function () { reload(true); }, 350);
    });
    return form;
  }

  /* Fill the category filter from the request types of the chosen site (or of all sites). */
  function loadCategories() {
    var keys = ui.site.value ? [ui.site.value] : sites().map(function (s) { return s.key; });
    Promise.all(keys.map(function (key) {
      if (state.categories[key]) return Promise.resolve(state.categories[key]);
      return C.api("GET", "/ticket-categories?site=" + encodeURIComponent(key) + "&locale=" +
                   encodeURIComponent(C.locale)).then(function (data) {
        state.categories[key] = data.categories || [];
        return state.categories[key];
      }, function () { return []; });
    })).then(function (lists) {
      var seen = {};
      var chosen = ui.category.value;
      C.clear(ui.category).appendChild(option("", t("tickets.any_category")));
      lists.forEach(function (list) {
        list.forEach(function (category) {
          if (seen[category.key]) return;
          seen[category.key] = true;
          ui.category.appendChild(option(category.key, category.title,
                                         category.key === chosen));
        });
      });
    });
  }

  function categoryTitle(siteKey, key, subKey) {
    var list = state.categories[siteKey] || [];
    var found = list.filter(function (c) { return c.key === key; })[0];
    if (!found) return key || "";
    var sub = (found.subcategories || []).filter(function (s) { return s.key === subKey; })[0];
    return sub ? found.title + " › " + sub.title : found.title;
  }

  function query() {
    var params = new URLSearchParams();
    if (ui.site.value) params.set("site", ui.site.value);
    if (ui.status.value) params.set("status", ui.status.value);
    if (ui.priority.value) params.set("priority", ui.priority.value);
    if (ui.category.value) params.set("category", ui.category.value);
    if (ui.assignee.value) params.set("assignee", ui.assignee.value);
    if (ui.breached.checked) params.set("breached", "true");
    if (ui.escalated.checked) params.set("escalated", "true");
    if (ui.q.value.trim()) params.set("q", ui.q.value.trim());
    params.set("sort", "due");
    params.set("page", String(state.page));
    params.set("per_page", String(PER_PAGE));
    return params.toString();
  }

  // ---- the list --------------------------------------------------------------------------

  function reload(fromStart) {
    if (fromStart) state.page = 1;
    return C.api("GET", "/advisor/tickets?" + query()).then(function (data) {
      state.total = data.total;
      renderList(data.tickets || []);
    }, function (error) {
      C.clear(ui.list).appendChild(el("li", {class: "empty error", text: error.message}));
    });
  }

  /* Reload the list soon: many events in a burst cause one request. */
  function reloadSoon() {
    clearTimeout(reloadTimer);
    reloadTimer = setTimeout(function () { reload(false); }, 300);
  }

  function dueText(ticket) {
    if (!ticket.due_at) return "";
    if (ticket.breached) return t("tickets.overdue", {when: C.relativeTime(ticket.due_at)});
    return t("tickets.due", {when: C.relativeTime(ticket.due_at)});
  }

  function renderList(tickets) {
    C.clear(ui.list);
    ui.count.textContent = t("tickets.count", {count: state.total});
    if (!tickets.length) {
      ui.list.appendChild(el("li", {class: "empty", text: t("tickets.none")}));
    }
    tickets.forEach(function (ticket) {
      var selected = state.current && state.current.id === ticket.id;
      var row = el("button", {type: "button", class: "ticket-row",
                              "aria-current": selected ? "true" : null,
                              dataset: {id: String(ticket.id)},
                              onclick: function () { open(ticket.id); }},
        el("span", {class: "line"},
           el("span", {class: "number", text: "#" + ticket.number}),
           el("span", {class: "subject", text: ticket.subject})),
        el("span", {class: "line meta"},
           el("span", {text: ticket.requester_name || ticket.requester_email}),
           sites().length > 1 ? el("span", {class: "site", text: ticket.site}) : null,
           el("span", {class: "badge status-" + ticket.status,
                       text: statusLabel(ticket.status)}),
           el("span", {class: "badge priority-" + ticket.priority,
                       text: priorityLabel(ticket.priority)}),
           ticket.escalated ? el("span", {class: "badge escalated",
                                          text: t("tickets.escalated_badge")}) : null,
           el("span", {class: "assignee", text: ticket.assignee ? ticket.assignee.name :
                                                  t("tickets.unassigned")})),
        el("span", {class: "due" + (ticket.breached ? " overdue" : ""),
                    title: C.formatTime(ticket.due_at), text: dueText(ticket)}));
      ui.list.appendChild(el("li", {}, row));
    });
    var pages = Math.max(1, Math.ceil(state.total / PER_PAGE));
    ui.prev.disabled = state.page <= 1;
    ui.next.disabled = state.page >= pages;
    ui.pageInfo.textContent = t("tickets.page", {page: state.page, pages: pages});
  }

  // ---- one ticket ------------------------------------------------------------------------

  function team(siteKey) {
    if (state.teams[siteKey]) return Promise.resolve(state.teams[siteKey]);
    return C.api("GET", "/advisor/sites/" + encodeURIComponent(siteKey) + "/team")
      .then(function (data) {
        state.teams[siteKey] = data.advisors || [];
        return state.teams[siteKey];
      }, function () { return []; });
  }

  /* Open the ticket `id` in the detail pane. */
  function open(id) {
    return C.api("GET", "/advisor/tickets/" + id).then(function (ticket) {
      var switching = !state.current || state.current.id !== ticket.id;
      state.current = ticket;
      return team(ticket.site).then(function (members) {
        renderDetail(ticket, members, switching);
        Array.prototype.forEach.call(ui.list.querySelectorAll(".ticket-row"), function (row) {
          row.setAttribute("aria-current",
                           row.dataset.id === String(ticket.id) ? "true" : "false");
        });
      });
    }, C.fail);
  }

  /* Open a ticket known by its number (alerts name tickets by number). */
  function openNumber(number) {
    C.show("tickets");
    var params = "q=" + encodeURIComponent(String(number)) + "&status=" + STATUSES.join(",");
    return C.api("GET", "/advisor/tickets?" + params).then(function (data) {
      var found = (data.tickets || []).filter(function (x) { return x.number === number; })[0];
      if (found) return open(found.id);
      return null;
    }, C.fail);
  }

  function attachmentLinks(files) {
    if (!files || !files.length) return null;
    return el("ul", {class: "files"}, files.map(function (file) {
      return el("li", {}, el("a", {href: C.apiUrl("/advisor/attachments/" +
                                                  encodeURIComponent(file.id)),
                                   download: file.filename, text: file.filename}));
    }));
  }

  function message(kind, name, when, text, files, flags) {
    flags = flags || {};
    var classes = "message " + kind + (flags.internal ? " internal" : "") +
      (flags.escalation ? " escalation" : "");
    return el("article", {class: classes},
      el("header", {},
         el("strong", {class: "author", text: name || t("tickets.someone")}),
         flags.internal ? el("span", {class: "badge internal", text: t("tickets.internal_note")})
           : null,
         flags.escalation ? el("span", {class: "badge escalated",
                                        text: t("tickets.escalated_badge")}) : null,
         el("time", {datetime: when || "", text: C.formatTime(when)})),
      el("div", {class: "text", text: text || ""}),
      attachmentLinks(files));
  }

  function change(field, value) {
    var body = {};
    body[field] = value;
    return C.api("PATCH", "/advisor/tickets/" + state.current.id, body).then(function (ticket) {
      state.current = ticket;
      C.toast(t("tickets.saved"), "");
      reloadSoon();
      return open(ticket.id);
    }, function (error) {
      C.fail(error);
      return open(state.current.id);
    });
  }

  function renderDetail(ticket, members, switching) {
    var me = C.me || {};
    var requester = ticket.requester || {};
    var user = requester.user;

    var status = el("select", {name: "status", "aria-label": t("tickets.status")},
                    STATUSES.map(function (s) {
                      return option(s, statusLabel(s), s === ticket.status);
                    }));
    status.addEventListener("change", function () { change("status", status.value); });
    var priority = el("select", {name: "priority", "aria-label": t("tickets.priority")},
                      PRIORITIES.map(function (p) {
                        return option(p, priorityLabel(p), p === ticket.priority);
                      }));
    priority.addEventListener("change", function () { change("priority", priority.value); });
    var assigneeId = ticket.assignee ? ticket.assignee.id : "";
    var assignee = el("select", {name: "assignee", "aria-label": t("tickets.assignee")},
                      option("", t("tickets.nobody"), !assigneeId),
                      members.map(function (m) {
                        return option(String(m.id), m.id === me.id ? t("tickets.me_named",
                                                                       {name: m.name}) : m.name,
                                      m.id === assigneeId);
                      }));
    assignee.addEventListener("change", function () {
      change("assignee_id", assignee.value ? Number(assignee.value) : null);
    });
    var takeIt = el("button", {type: "button", class: "secondary", text: t("tickets.assign_me"),
                               hidden: assigneeId === me.id,
                               onclick: function () { change("assignee_id", me.id); }});

    var details = el("dl", {class: "facts"},
      fact(t("tickets.requester"), (requester.name || "") +
           (requester.email ? " <" + requester.email + ">" : "")),
      user && user.account_name ? fact(t("tickets.account"), user.account_name +
                                       (user.account_type ? " · " + user.account_type : ""))
        : null,
      fact(t("tickets.category"), categoryTitle(ticket.site, ticket.category,
                                                ticket.subcategory)),
      ticket.platform ? fact(t("tickets.platform"), ticket.platform) : null,
      ticket.page_route ? fact(t("tickets.page_route"), ticket.page_route) : null,
      ticket.cc && ticket.cc.length ? fact(t("tickets.cc"), ticket.cc.join(", ")) : null,
      fact(t("tickets.opened"), C.formatTime(ticket.created_at)),
      fact(t("tickets.due_label"), C.formatTime(ticket.due_at) +
           (ticket.breached ? " · " + t("tickets.sla_missed") : ""),
           ticket.breached ? "overdue" : ""),
      ticket.rating ? fact(t("tickets.rating"), ticket.rating + "/5" +
                           (ticket.rating_comment ? " · " + ticket.rating_comment : "")) : null);

    var thread = el("div", {class: "thread", "aria-label": t("tickets.thread")},
      message("requester", requester.name, ticket.created_at, ticket.description,
              ticket.attachments),
      (ticket.comments || []).map(function (c) {
        return message(c.author_kind, c.author_name, c.created_at, c.body, c.attachments,
                       {internal: c.internal, escalation: c.escalation});
      }));

    C.clear(ui.head).appendChild(el("div", {},
      el("h2", {}, el("span", {class: "number", text: "#" + ticket.number + " "}),
         el("span", {class: "subject", text: ticket.subject})),
      el("div", {class: "controls"},
         labelled(t("tickets.status"), status), labelled(t("tickets.priority"), priority),
         labelled(t("tickets.assignee"), assignee), takeIt),
      details));
    C.clear(ui.thread).appendChild(thread);
    ui.detail.hidden = false;
    ui.placeholder.hidden = true;
    if (switching) {
      ui.reply.reset();
      setReplyMode();
      ui.thread.scrollTop = ui.thread.scrollHeight;
    }
    ui.reply.querySelector("fieldset").disabled = ticket.status === "closed";
  }

  function fact(term, value, cls) {
    return [el("dt", {text: term}), el("dd", {class: cls || null, text: value})];
  }

  function setReplyMode() {
    var internal = ui.internal.checked;
    ui.reply.classList.toggle("note", internal);
    ui.send.textContent = internal ? t("tickets.add_note") : t("tickets.send_reply");
    ui.then.disabled = internal;
    ui.body.placeholder = internal ? t("tickets.note_placeholder")
      : t("tickets.reply_placeholder");
  }

  function buildReply() {
    ui.body = el("textarea", {name: "body", rows: "5", maxlength: "20000", required: true,
                              "aria-label": t("tickets.message")});
    ui.internal = el("input", {type: "checkbox", name: "internal"});
    ui.then = el("select", {name: "status"}, option("", t("tickets.keep_status")),
                 ["pending", "awaiting_reply", "resolved"].map(function (s) {
                   return option(s, t("tickets.then", {status: statusLabel(s)}));
                 }));
    ui.send = el("button", {type: "submit"});
    ui.reply = el("form", {class: "reply"},
      el("fieldset", {},
         el("legend", {class: "visually-hidden", text: t("tickets.reply")}),
         ui.body,
         el("div", {class: "row"},
            el("label", {class: "check"}, ui.internal, t("tickets.internal_toggle")),
            labelled(t("tickets.after_sending"), ui.then), ui.send)));
    ui.internal.addEventListener("change", setReplyMode);
    ui.reply.addEventListener("submit", function (event) {
      event.preventDefault();
      var text = ui.body.value.trim();
      if (!text || !state.current) return;
      var payload = {body: text, internal: ui.internal.checked};
      if (!payload.internal && ui.then.value) payload.status = ui.then.value;
      ui.send.disabled = true;
      C.api("POST", "/advisor/tickets/" + state.current.id + "/comments", payload)
        .then(function () {
          ui.reply.reset();
          setReplyMode();
          C.toast(payload.internal ? t("tickets.note_added") : t("tickets.reply_sent"), "");
          reloadSoon();
          return open(state.current.id).then(function () {
            ui.thread.scrollTop = ui.thread.scrollHeight;
          });
        }, C.fail)
        .then(function () { ui.send.disabled = false; });
    });
    setReplyMode();
    return ui.reply;
  }

  // ---- live events -----------------------------------------------------------------------

  function listen(socket) {
    if (!socket) return;
    socket.on("ticket", function (event) {
      reloadSoon();
      var ticket = event && event.ticket;
      if (ticket && state.current && state.current.number === ticket.number) {
        open(state.current.id);
      }
    });
    socket.on("alert", function (alert) {
      var ticket = (alert && alert.ticket) || {};
      var title = alert.kind === "escalation"
        ? t("alert.escalation", {number: ticket.number})
        : t("alert.urgent_ticket", {number: ticket.number});
      C.notify(title, ticket.subject || "", {
        urgent: true, tag: "ticket-" + ticket.number,
        onClick: function () { openNumber(ticket.number); }
      });
      reloadSoon();
    });
    socket.on("connect", function () { reloadSoon(); });
  }

  function mount(root) {
    ui.list = el("ul", {class: "ticket-list", "aria-label": t("tickets.inbox")});
    ui.count = el("p", {class: "count", "aria-live": "polite"});
    ui.prev = el("button", {type: "button", class: "secondary", text: t("tickets.previous"),
                            onclick: function () { state.page -= 1; reload(false); }});
    ui.next = el("button", {type: "button", class: "secondary", text: t("tickets.next"),
                            onclick: function () { state.page += 1; reload(false); }});
    ui.pageInfo = el("span", {class: "page-info"});
    ui.head = el("div", {class: "detail-head"});
    ui.thread = el("div", {class: "thread-box"});
    ui.placeholder = el("p", {class: "placeholder", text: t("tickets.pick_one")});
    ui.detail = el("div", {class: "detail-body", hidden: true}, ui.head, ui.thread,
                   buildReply());
    root.appendChild(el("div", {class: "tickets"},
      el("div", {class: "inbox"},
         el("h2", {class: "visually-hidden", text: t("tickets.inbox")}),
         buildFilters(), ui.count, ui.list,
         el("div", {class: "pager"}, ui.prev, ui.pageInfo, ui.next)),
      el("section", {class: "detail", "aria-label": t("tickets.detail")},
         ui.placeholder, ui.detail)));
    loadCategories();
    reload(true);
    listen(C.socket);
  }

  C.views.tickets = {mount: mount, open: open, openNumber: openNumber};
}());
