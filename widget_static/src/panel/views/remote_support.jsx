// Remote support: the download and install guide of the remote-support tool for the visitor's computer.
import { useState } from "preact/hooks";
import { t } from "../i18n.js";
import { webAddress } from "../links.js";
import { config } from "../state.js";
import { ErrorNote, Loading, Screen } from "../ui.jsx";
import { ArticleContent, useArticle } from "./article.jsx";

const SYSTEMS = ["windows", "mac"];

/** "windows", "mac" or "other", from the client hints when the browser has them, else the user agent. */
export function detectOS(nav = navigator) {
  const platform = nav.userAgentData?.platform || "";
  const text = platform || nav.userAgent || "";
  if (/windows/i.test(text)) return "windows";
  if (/iphone|ipad|ipod|android/i.test(text)) return "other";
  if (/mac ?os|macintosh|mac os x/i.test(text)) return "mac";
  return "other";
}

function osName(os) {
  return t(os === "mac" ? "remote_mac" : "remote_windows");
}

/** One system's guide: the download button and the install article. */
function Guide({ os, remote }) {
  const download = webAddress(remote.downloads?.[os]);
  const [article, error] = useArticle(remote.guides?.[os]);
  const tool = remote.tool || "AnyDesk";
  return (
    <section class="hw-remote-guide" aria-labelledby={`hw-remote-${os}`}>
      <h2 id={`hw-remote-${os}`} class="hw-section-title">{t("remote_guide", { os: osName(os) })}</h2>
      {download && (
        <p>
          <a class="hw-button hw-link-as-button" href={download} target="_blank" rel="noopener noreferrer">
            {t("remote_download", { tool, os: osName(os) })}
          </a>
        </p>
      )}
      {remote.guides?.[os] && (
        <>
          <ErrorNote error={error} />
          {!article && !error && <Loading />}
          {article && <ArticleContent article={article} heading />}
        </>
      )}
    </section>
  );
}

export default function RemoteSupportView() {
  const remote = config.value?.remote_support;
  const detected = detectOS();
  const [chosen, setChosen] = useState(detected === "other" ? null : detected);
  if (!remote) {
    return <Screen title={t("remote_title")}><p class="hw-muted">{t("remote_none")}</p></Screen>;
  }
  const tool = remote.tool || "AnyDesk";
  const other = chosen === "windows" ? "mac" : "windows";
  return (
    <Screen title={t("remote_title")}>
      <p>{t("remote_intro", { tool })}</p>
      {chosen ? (
        <>
          <Guide key={chosen} os={chosen} remote={remote} />
          <p>
            <button type="button" class="hw-link-button" onClick={() => setChosen(other)}>
              {t("remote_show_other", { os: osName(other) })}
            </button>
          </p>
        </>
      ) : (
        <>
          <p class="hw-note">{t("remote_other_os")}</p>
          {SYSTEMS.map((os) => <Guide key={os} os={os} remote={remote} />)}
        </>
      )}
    </Screen>
  );
}
