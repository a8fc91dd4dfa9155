// Trainings: the site's training portal and the video guides of the help center.
import { useEffect, useState } from "preact/hooks";
import { api } from "../api.js";
import { t } from "../i18n.js";
import { webAddress } from "../links.js";
import { ensureSession } from "../session.js";
import { config } from "../state.js";
import { ErrorNote, Loading, Screen } from "../ui.jsx";
import { ArticleList } from "./article.jsx";

export default function TrainingsView() {
  const portal = webAddress(config.value?.trainings?.url);
  const [videos, setVideos] = useState(null);
  const [error, setError] = useState(null);

  useEffect(() => {
    let current = true;
    (async () => {
      await ensureSession().catch(() => null);
      try {
        const data = await api("GET", "/articles", { query: { kind: "video" } });
        if (current) setVideos(data.articles || []);
      } catch (failure) {
        if (current) setError(failure);
      }
    })();
    return () => { current = false; };
  }, []);

  return (
    <Screen title={t("trainings_title")}>
      <div class="hw-tool-card">
        {portal ? (
          <>
            <p>{t("trainings_intro")}</p>
            <a class="hw-button hw-link-as-button" href={portal} target="_blank" rel="noopener noreferrer">
              {t("trainings_open")}
            </a>
          </>
        ) : <p class="hw-muted">{t("trainings_none")}</p>}
      </div>
      <h2 class="hw-section-title">{t("trainings_videos")}</h2>
      <ErrorNote error={error} />
      {!videos && !error && <Loading />}
      {videos && (videos.length ? <ArticleList articles={videos} />
        : <p class="hw-muted">{t("trainings_no_videos")}</p>)}
    </Screen>
  );
}
