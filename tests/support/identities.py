"""Identity tokens as a host app's backend signs them, and widget sessions opened with them."""
import time

import jwt


def sign_identity(site, ttl=600, secret=None, **claims):
    """Sign an identity token as a host app's backend would."""
    now = int(time.time())
    payload = {"sub": "u-1", "name": "Ana Pérez", "email": "ana@example.com",
               "account_id": "acc-1", "account_name": "Pérez y Asociados",
               "account_type": "accountant", "support_user": True, "iat": now, "exp": now + ttl}
    payload.update(claims)
    return jwt.encode(payload, secret or site.identity_secret, algorithm="HS256")


def open_session(client, site, identity=None, token=None, **body):
    """Open a widget session through the API and return its JSON."""
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    payload = {"site": site.key, **body}
    if identity:
        payload["identity"] = identity
    response = client.post("/api/v1/session", json=payload, headers=headers)
    assert response.status_code == 201, response.get_json()
    return response.get_json()
