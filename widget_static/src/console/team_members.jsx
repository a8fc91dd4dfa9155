// The members table of a site's team: role, disable / enable, password reset, new link, removal.
import { useEffect, useState } from "preact/hooks";
import { api } from "./api.js";
import { t } from "./i18n.js";
import { fail, toast } from "./toasts.jsx";
import { Option } from "./ui.jsx";

const membersPath = (siteKey) => `/advisor/sites/${encodeURIComponent(siteKey)}/members`;

function state(member) {
  if (!member.active) return t("team.disabled");
  if (member.invitation_pending) return t("team.invited");
  if (member.password_reset_required) return t("team.reset_pending");
  return t("team.active");
}

function Row({ member, siteKey, reload }) {
  const path = `${membersPath(siteKey)}/${member.id}`;
  const run = async (confirmKey, doneKey, method, suffix, payload) => {
    if (confirmKey && !window.confirm(t(confirmKey, { name: member.name }))) return;
    try {
      await api(method, path + suffix, payload);
      toast(t(doneKey), member.name);
    } catch (error) {
      fail(error);
    }
    reload();
  };
  const pending = member.active && (member.invitation_pending || member.password_reset_required);
  return (
    <tr data-member={member.email} class={member.active ? "" : "disabled"}>
      <td>{member.name}</td>
      <td>{member.email}</td>
      <td>
        <select aria-label={t("team.role") + " " + member.name} value={member.role}
          onChange={(event) => run(null, "team.role_saved", "PATCH", "", { role: event.currentTarget.value })}>
          <Option value="advisor" label={t("team.role_advisor")} />
          <Option value="admin" label={t("team.role_admin")} />
        </select>
        <label class="capacity">
          {t("team.chat_capacity")}
          <input type="number" min="1" max="20" value={member.chat_capacity} name="chat_capacity"
            onChange={(event) => run(null, "team.capacity_saved", "PATCH", "",
              { chat_capacity: Number(event.currentTarget.value) })} />
        </label>
      </td>
      <td class="state">{state(member)}</td>
      <td class="actions">
        {member.active ? (
          <button type="button" class="secondary"
            onClick={() => run("team.disable_confirm", "team.disabled_done", "PATCH", "", { active: false })}>
            {t("team.disable")}
          </button>
        ) : (
          <button type="button" class="secondary"
            onClick={() => run(null, "team.enabled_done", "PATCH", "", { active: true })}>
            {t("team.enable")}
          </button>
        )}
        {member.active && !member.invitation_pending ? (
          <button type="button" class="secondary"
            onClick={() => run("team.reset_confirm", "team.reset_done", "POST", "/password-reset")}>
            {t("team.reset")}
          </button>
        ) : null}
        {pending ? (
          <button type="button" class="secondary"
            onClick={() => run(null, "team.resend_done", "POST", "/invitation")}>
            {t("team.resend")}
          </button>
        ) : null}
        <button type="button" class="secondary danger"
          onClick={() => run("team.remove_confirm", "team.removed", "DELETE", "")}>
          {t("team.remove")}
        </button>
      </td>
    </tr>
  );
}

/** The members of the site `siteKey`. */
export function TeamMembers({ siteKey }) {
  const [members, setMembers] = useState(null);
  const [error, setError] = useState(null);
  const reload = async () => {
    try {
      const data = await api("GET", membersPath(siteKey));
      setMembers(data.members);
      setError(null);
    } catch (failure) {
      setError(failure.message);
    }
  };
  useEffect(() => { reload(); }, [siteKey]);
  return (
    <section class="team-members" aria-label={t("team.members")}>
      <h3>{t("team.members")}</h3>
      {error ? <p class="form-error" role="alert">{error}</p> : null}
      {members && !members.length ? <p class="empty">{t("team.none")}</p> : null}
      {members && members.length ? (
        <table class="member-list">
          <thead>
            <tr>
              {["team.name", "team.email", "team.role", "team.state", "team.actions"].map((key) => (
                <th scope="col">{t(key)}</th>))}
            </tr>
          </thead>
          <tbody>
            {members.map((member) => <Row key={member.id} member={member} siteKey={siteKey} reload={reload} />)}
          </tbody>
        </table>
      ) : null}
    </section>
  );
}
