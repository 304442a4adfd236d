"""Sessions live in the database only: a logout on one server ends the session on every other one."""

import httpx

from .servers import login, logout


def test_logout_on_one_server_ends_the_session_on_the_other_at_once(deployment):
    deployment.create_superuser("quantri.phien")
    first, second = deployment.gunicorn(), deployment.gunicorn()
    with httpx.Client(timeout=30) as client:
        assert login(client, first, "quantri.phien").status_code == 302
        stolen = client.cookies["sessionid"]
        # both servers know the session (a per-process session cache would now keep it on each)
        for _ in range(3):
            assert client.get(f"{second}/").status_code == 200
            assert client.get(f"{first}/").status_code == 200
        assert logout(client, first).status_code == 302

    # the old cookie replayed (a second tab, a copied cookie) is refused everywhere at once
    with httpx.Client(timeout=30) as replay:
        replay.cookies.set("sessionid", stolen)
        for base in (second, first, second):
            response = replay.get(f"{base}/")
            assert response.status_code == 302, base
            assert "/tai-khoan/dang-nhap/" in response.headers["Location"]
