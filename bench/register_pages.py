"""The PI list and the exceptions view with 1,000 PIs and 36 months of scores each (PRODUCT §9: ≤ 50 ms)."""
import statistics
import time

from webapp.models import database

from .fixtures import PASSWORD, make_app, make_register, make_user

PAGES = {"PI list": "/indicators/", "Exceptions": "/exceptions/"}


def run(repeats=30):
    app, _ = make_app(settings={"WTF_CSRF_ENABLED": False})  # GET pages only: no token to carry
    with database.connection_context():
        user = make_user()
        make_register(indicators=1000, months=36)
    client = app.test_client()
    client.post("/sign-in", data={"email": user.email, "password": PASSWORD})
    print(f"Register pages, 1,000 PIs with 36 monthly scores each, median of {repeats}:")
    figures = {}
    for name, url in PAGES.items():
        assert client.get(url).status_code == 200, url
        times = []
        for _ in range(repeats):
            start = time.perf_counter()
            client.get(url)
            times.append(time.perf_counter() - start)
        figures[name] = statistics.median(times) * 1000
        print(f"  {name}: {figures[name]:.1f} ms   (budget 50 ms)")
    return figures
