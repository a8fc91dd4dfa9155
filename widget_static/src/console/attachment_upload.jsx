// Files an advisor attaches to a chat message or a ticket reply: each one is uploaded at once
// (POST /advisor/uploads, checked like every file), shown as a chip, and sent by its id.
import { useRef, useState } from "preact/hooks";
import { upload } from "./api.js";
import { bytes } from "./chat_util.js";
import { t } from "./i18n.js";

/**
 * The files being attached for `site`: {files, uploading, add(fileList), remove(file), clear()}.
 * Each file is {filename, size, uploading, id}; a refused one goes, and `onError(text)` says why
 * in the server's words.
 */
export function useAttachments(site, onError) {
  const [files, setFiles] = useState([]);
  const add = (chosen) => {
    for (const file of Array.from(chosen || [])) {
      const item = { filename: file.name, size: file.size, uploading: true };
      setFiles((old) => [...old, item]);
      const form = new FormData();
      form.append("site", site);
      form.append("file", file);
      upload(form).then((stored) => {
        setFiles((old) => old.map((f) => (f === item ? { filename: stored.filename || f.filename,
          size: stored.size, id: stored.id, uploading: false } : f)));
      }, (error) => {
        setFiles((old) => old.filter((f) => f !== item));
        onError(t("chats.upload_failed", { name: file.name, error: (error && error.message) || "" }));
      });
    }
  };
  return {
    files,
    uploading: files.some((f) => f.uploading),
    add,
    remove: (file) => setFiles((old) => old.filter((f) => f !== file)),
    clear: () => setFiles([]),
  };
}

/** The chips of the files attached so far: name and size, and a button to remove each. */
export function FileChips({ files, onRemove }) {
  return (
    <ul class="hw-chat-files" aria-live="polite">
      {files.map((file) => (
        <li>
          {file.uploading ? t("chats.uploading", { name: file.filename }) : file.filename}
          {file.uploading ? null : <span class="hw-file-size">{bytes(file.size)}</span>}
          {file.uploading ? null : (
            <button type="button" class="link" aria-label={t("chats.remove_file", { name: file.filename })}
              onClick={() => onRemove(file)}>×</button>
          )}
        </li>
      ))}
    </ul>
  );
}

/** The "Attach files" button and its hidden file input; chosen files go to `onFiles`. */
export function AttachButton({ onFiles }) {
  const fileInput = useRef(null);
  const chosen = () => {
    onFiles(fileInput.current.files);
    fileInput.current.value = ""; // the same file may be chosen again
  };
  return [
    <input type="file" multiple hidden ref={fileInput} onChange={chosen} />,
    <button type="button" class="secondary" onClick={() => fileInput.current.click()}>{t("chats.attach")}</button>,
  ];
}
