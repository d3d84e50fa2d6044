"""The PIP page with 20 factors, 15 solutions, 30 comments and 60 progress entries (PRODUCT §9: ≤ 10 ms
median in process, within 1.5× of rendering the same HTML from ready-made data)."""
import statistics
import time

from flask import render_template
from flask_login import login_user

from webapp.models import database
from webapp.pips.store import load_plan

from .fixtures import PASSWORD, make_app, make_big_pip, make_user


def run(repeats=300):
    app, _ = make_app(settings={"WTF_CSRF_ENABLED": False})  # GET pages only: no token to carry
    with database.connection_context():
        user = make_user()
        pip = make_big_pip(user)
    client = app.test_client()
    client.post("/sign-in", data={"email": user.email, "password": PASSWORD})
    url = f"/pips/{pip.id}"
    assert client.get(url).status_code == 200
    whole = []
    for _ in range(repeats):
        start = time.perf_counter()
        response = client.get(url)
        whole.append(time.perf_counter() - start)
        assert response.status_code == 200
    with app.test_request_context(url), database.connection_context():
        login_user(user)
        plan = load_plan(pip.id)
        render_template("pips/show.html", plan=plan, can_edit=True)
        ready = []
        for _ in range(repeats):
            start = time.perf_counter()
            render_template("pips/show.html", plan=plan, can_edit=True)
            ready.append(time.perf_counter() - start)
    page, template = statistics.median(whole) * 1000, statistics.median(ready) * 1000
    print(f"PIP page (20 factors, 15 solutions, 30 comments, 60 progress entries), median of {repeats}:")
    print(f"  whole request in process: {page:.2f} ms   (budget 10 ms)")
    print(f"  template from ready-made data: {template:.2f} ms   ratio {page / template:.2f}x (budget 1.5x)")
    return page, template
