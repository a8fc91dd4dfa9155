// The Articles tab's sections: the article list (articles.jsx), categories, import and export.
import { signal } from "@preact/signals";
import { ArchiveView } from "./article_archive.jsx";
import { loadList } from "./articles_state.js";
import { CategoriesView } from "./categories.jsx";
import { t } from "./i18n.js";

export const contentSection = signal("articles");

const SECTIONS = [["articles", "categories.nav_articles"], ["categories", "categories.nav_categories"],
  ["archive", "archive.nav"]];

function go(name) {
  // Back on the list: categories renamed or articles imported show at once.
  if (name === "articles" && contentSection.peek() !== "articles") loadList();
  contentSection.value = name;
}

/** The section buttons, and the chosen section when it is not the article list. */
export function ContentSections({ hidden }) {
  const current = contentSection.value;
  return (
    <div hidden={hidden}>
      <nav class="content-sections" aria-label={t("categories.nav_label")}>
        {SECTIONS.map(([name, key]) => (
          <button type="button" class="secondary" aria-pressed={current === name ? "true" : "false"}
            onClick={() => go(name)}>{t(key)}</button>
        ))}
      </nav>
      {current === "categories" ? <CategoriesView /> : null}
      {current === "archive" ? <ArchiveView /> : null}
    </div>
  );
}
