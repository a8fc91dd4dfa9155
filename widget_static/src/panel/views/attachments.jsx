// Files for requests, replies and chat: upload at once with progress, and download with the token.
import { useRef, useState } from "preact/hooks";
import { ApiError, getToken } from "../api.js";
import { t } from "../i18n.js";
import { ensureSession } from "../session.js";
import { locale, siteKey } from "../state.js";

/** Say a file size the way people read it ("820 B", "1.4 MB"), in the panel's language. */
export function formatSize(bytes) {
  const units = ["B", "KB", "MB", "GB"];
  let value = bytes || 0;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const number = new Intl.NumberFormat(locale.value, { maximumFractionDigits: unit ? 1 : 0 });
  return `${number.format(value)} ${units[unit]}`;
}

function query() {
  return new URLSearchParams({ site: siteKey, locale: locale.value });
}

/** Upload one file (POST /uploads) reporting progress from 0 to 1; resolves to the attachment. */
export function uploadFile(file, onProgress) {
  return new Promise((resolve, reject) => {
    // XMLHttpRequest, not fetch: only it reports upload progress.
    const xhr = new XMLHttpRequest();
    xhr.open("POST", `/api/v1/uploads?${query()}`);
    xhr.setRequestHeader("Accept-Language", locale.value);
    if (getToken()) xhr.setRequestHeader("Authorization", `Bearer ${getToken()}`);
    xhr.upload.onprogress = (event) => event.lengthComputable && onProgress(event.loaded / event.total);
    xhr.onload = () => {
      let data = null;
      try {
        data = JSON.parse(xhr.responseText);
      } catch {
        /* not JSON: the status says enough */
      }
      if (xhr.status === 201) resolve(data);
      else reject(new ApiError(xhr.status, data));
    };
    xhr.onerror = () => reject(new ApiError(0, { code: "offline" }));
    const form = new FormData();
    form.set("site", siteKey);
    form.set("file", file);
    xhr.send(form);
  });
}

let counter = 0;

/**
 * Files being attached: `items` [{key, name, size, progress, id, error}], `add(files)` uploads
 * each at once, `remove(key)`, `ids()` of finished uploads, `busy` while any is on its way.
 * `initial` holds attachments uploaded earlier ({id, filename, size}).
 */
export function useUploads(initial = []) {
  const [items, setItems] = useState(() => initial.map((file) => (
    { key: `f${++counter}`, name: file.filename, size: file.size, progress: 1, id: file.id })));
  const update = (key, change) => setItems((list) => list.map((item) => (
    item.key === key ? { ...item, ...change } : item)));

  function add(files) {
    for (const file of Array.from(files || [])) {
      const key = `f${++counter}`;
      setItems((list) => [...list, { key, name: file.name, size: file.size, progress: 0 }]);
      ensureSession()
        .then(() => uploadFile(file, (progress) => update(key, { progress })))
        .then((done) => update(key, { id: done.id, name: done.filename, size: done.size, progress: 1 }))
        .catch((error) => update(key, {
          error: (error.fields?.file || [])[0] || (error.status ? error.message : t("error_offline")),
        }));
    }
  }

  return {
    items,
    add,
    remove: (key) => setItems((list) => list.filter((item) => item.key !== key)),
    clear: () => setItems([]),
    ids: () => items.filter((item) => item.id).map((item) => item.id),
    done: () => items.filter((item) => item.id).map((item) => (
      { id: item.id, filename: item.name, size: item.size })),
    busy: items.some((item) => !item.id && !item.error),
  };
}

/** Handlers that take dropped and pasted files into `uploads`; spread them on a container. */
export function dropTarget(uploads, setDragging) {
  const hasFiles = (event) => Array.from(event.dataTransfer?.types || []).includes("Files");
  return {
    onDragOver: (event) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      setDragging(true);
    },
    onDragLeave: (event) => {
      if (!event.currentTarget.contains(event.relatedTarget)) setDragging(false);
    },
    onDrop: (event) => {
      if (!hasFiles(event)) return;
      event.preventDefault();
      setDragging(false);
      uploads.add(event.dataTransfer.files);
    },
    onPaste: (event) => {
      const files = Array.from(event.clipboardData?.files || []);
      if (!files.length) return;
      // A pasted screenshot becomes an attachment; pasted text goes into the field as usual.
      event.preventDefault();
      uploads.add(files);
    },
  };
}

/** The file picker and the list of files with their progress, size and a remove button. */
export function Attachments({ uploads, id, label }) {
  return (
    <div class="hw-files">
      <input type="file" id={id} multiple class="hw-file-input"
        onChange={(event) => {
          uploads.add(event.currentTarget.files);
          event.currentTarget.value = "";
        }} />
      <label for={id} class="hw-button hw-secondary hw-file-label">{label || t("files_attach")}</label>
      <span class="hw-hint">{t("files_hint")}</span>
      {uploads.items.length > 0 && (
        <ul class="hw-file-list" aria-live="polite">
          {uploads.items.map((item) => (
            <li key={item.key} class={item.error ? "hw-file-item hw-file-failed" : "hw-file-item"}>
              <span class="hw-file-name">{item.name}</span>
              <span class="hw-muted hw-file-size">{formatSize(item.size)}</span>
              {!item.id && !item.error && (
                <progress max="1" value={item.progress}
                  aria-label={t("files_uploading", { name: item.name })} />
              )}
              {item.id && <span class="hw-sr-only">{t("files_ready")}</span>}
              <button type="button" class="hw-icon-button hw-file-remove"
                aria-label={t("files_remove", { name: item.name })}
                onClick={() => uploads.remove(item.key)}>
                <span aria-hidden="true">×</span>
              </button>
              {item.error && <p class="hw-field-error" role="alert">{item.error}</p>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** A file of a thread: fetched with the visitor's token and handed over as an object URL. */
export function FileLink({ file }) {
  const [error, setError] = useState(null);
  const busy = useRef(false);

  async function download() {
    if (busy.current) return;
    busy.current = true;
    setError(null);
    try {
      await ensureSession();
      const response = await fetch(`/api/v1/attachments/${encodeURIComponent(file.id)}?${query()}`, {
        headers: { Authorization: `Bearer ${getToken()}`, "Accept-Language": locale.value },
      });
      if (!response.ok) throw new ApiError(response.status, await response.json().catch(() => null));
      const url = URL.createObjectURL(await response.blob());
      const link = document.createElement("a");
      link.href = url;
      link.download = file.filename;
      document.body.appendChild(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60000);
    } catch (failure) {
      setError(failure.status ? failure.message : t("error_offline"));
    } finally {
      busy.current = false;
    }
  }

  return (
    <span class="hw-file">
      <button type="button" class="hw-link-button hw-file-link" onClick={download}>
        <span aria-hidden="true">📎 </span>{file.filename}
      </button>
      <span class="hw-muted"> {formatSize(file.size)}</span>
      {error && <span class="hw-field-error" role="alert"> {error}</span>}
    </span>
  );
}

/** The files of a message or request, each as a download. */
export function FileList({ files }) {
  if (!files || !files.length) return null;
  return (
    <ul class="hw-file-links">
      {files.map((file) => <li key={file.id}><FileLink file={file} /></li>)}
    </ul>
  );
}
