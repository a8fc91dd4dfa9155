// A site's team for its admins: members, invitations, saved replies. The parts are their own
// modules (team_members.jsx, team_add.jsx, team_replies.jsx).
import "./team.css";
import { useState } from "preact/hooks";
import { t } from "./i18n.js";
import { sites } from "./me.js";
import { TeamAdd } from "./team_add.jsx";
import { TeamMembers } from "./team_members.jsx";
import { TeamReplies } from "./team_replies.jsx";
import { Option } from "./ui.jsx";

const adminSites = () => sites().filter((s) => s.role === "admin");

/** The view. */
export function TeamView() {
  const mine = adminSites();
  const [siteKey, setSiteKey] = useState(mine.length ? mine[0].key : "");
  // Bumped when someone is added, so the table loads again.
  const [version, setVersion] = useState(0);
  if (!siteKey) return <p class="empty">{t("team.none")}</p>;
  return (
    <div class="team" data-site={siteKey}>
      <div class="toolbar">
        <h2>{t("team.title")}</h2>
        {mine.length > 1 ? (
          <select aria-label={t("team.site")} value={siteKey}
            onChange={(event) => setSiteKey(event.currentTarget.value)}>
            {mine.map((s) => <Option value={s.key} label={s.name} />)}
          </select>
        ) : <span class="site-name">{mine[0].name}</span>}
      </div>
      <TeamMembers key={`${siteKey}-${version}`} siteKey={siteKey} />
      <TeamAdd key={`add-${siteKey}`} siteKey={siteKey} onAdded={() => setVersion((v) => v + 1)} />
      <TeamReplies key={`replies-${siteKey}`} siteKey={siteKey} />
    </div>
  );
}
