// Public posts: comments under articles and community questions and answers, in a review queue
// (waiting first, with why each waits); one post opens on the right (post_detail.jsx).
import { useEffect } from "preact/hooks";
import { relativeTime, t } from "./i18n.js";
import { manySites, siteName, sites } from "./me.js";
import { PostDetail } from "./post_detail.jsx";
import { Badges } from "./post_parts.jsx";
import { KINDS, STATES, current, filters, listError, open, posts, queue, reload, total } from "./posts_state.js";
import { Labelled, Option, Pager } from "./ui.jsx";

/** One line of text of a post for lists: its title, else the start of its text. */
function excerpt(post) {
  const text = post.title || post.body || "";
  return text.length > 140 ? `${text.slice(0, 140)}…` : text;
}

function context(post) {
  if (post.article) return t("posts.on_article", { title: post.article.title });
  if (post.parent && post.parent.title) return t("posts.on_question", { title: post.parent.title });
  return "";
}

function Filters() {
  const f = filters.value;
  const pick = (name) => (event) => { filters.value = { ...filters.peek(), [name]: event.currentTarget.value }; };
  return (
    <form class="filters" role="search" aria-label={t("posts.filters")} onChange={() => reload(true)}
      onSubmit={(event) => { event.preventDefault(); reload(true); }}>
      {manySites() ? (
        <Labelled text={t("posts.site")}>
          <select name="site" value={f.site} onInput={pick("site")}>
            <Option value="" label={t("posts.all_sites")} />
            {sites().map((s) => <Option value={s.key} label={s.name} />)}
          </select>
        </Labelled>
      ) : null}
      <Labelled text={t("posts.state")}>
        <select name="state" value={f.state} onInput={pick("state")}>
          <Option value="" label={t("posts.any_state")} />
          {STATES.map((s) => <Option value={s} label={t(`posts.state.${s}`)} />)}
        </select>
      </Labelled>
      <Labelled text={t("posts.kind")}>
        <select name="kind" value={f.kind} onInput={pick("kind")}>
          <Option value="" label={t("posts.any_kind")} />
          {KINDS.map((k) => <Option value={k} label={t(`posts.kind.${k}`)} />)}
        </select>
      </Labelled>
    </form>
  );
}

function PostRow({ post, selected }) {
  return (
    <li>
      <button type="button" class="post-row" aria-current={selected ? "true" : "false"} data-id={String(post.id)}
        onClick={() => open(post.id)}>
        <span class="line"><Badges post={post} /></span>
        <span class="line excerpt">{excerpt(post)}</span>
        <span class="line meta">
          <span>{post.author_name}</span>
          {manySites() ? <span>{siteName(post.site)}</span> : null}
          <span>{context(post)}</span>
          <time datetime={post.created_at}>{relativeTime(post.created_at)}</time>
        </span>
      </button>
    </li>
  );
}

function PostList() {
  const list = posts.value;
  const selected = current.value && current.value.post.id;
  return (
    <ol class="post-list">
      {listError.value ? <li class="empty error">{listError.value}</li>
        : !list ? null : list.length ? list.map((post) => <PostRow key={post.id} post={post} selected={post.id === selected} />)
          : <li class="empty">{t("posts.none")}</li>}
    </ol>
  );
}

export function PostsView() {
  useEffect(() => { reload(true); }, []);
  return (
    <div class="posts">
      <div class="inbox">
        <h2 class="visually-hidden">{t("posts.queue")}</h2>
        <Filters />
        <p class="count" aria-live="polite">{posts.value ? t("posts.count", { count: total.value }) : ""}</p>
        <PostList />
        <Pager list={queue} words="posts" />
      </div>
      <section class="detail" aria-label={t("posts.detail")}>
        {current.value ? <PostDetail key={current.value.key} post={current.value.post} />
          : <p class="placeholder">{t("posts.pick_one")}</p>}
      </section>
    </div>
  );
}

/** Showing the view again brings the queue up to date. */
export function showPosts() {
  if (posts.peek() !== null) reload(false);
}
