"""Where a page's time goes: one request in-process (Django's test client, the settings of the environment),
timed 3 times, with the number of queries and their time (connection.queries) and cProfile's top functions.

    python bench/profile_page.py /jst/bench-001/lijw/ [--officer bench-001] [--top 25] [--no-cache]

--officer signs in the NGO officer of that municipality (as bench/pages.py session does); --no-cache turns
the anonymous page cache off (ANONYMOUS_PAGE_CACHE_SECONDS=0) so the page is rendered each time. Use it against
a bench database (bench/pages.sh with BENCH_KEEP_DB=1 keeps wspolpraca_bench_pages): it writes nothing but a
session and, for --officer, the officer's TOTP authenticator when there is none (as bench/pages.py session).
"""

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path")
    parser.add_argument("--officer", help="municipality slug: request as its NGO officer")
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--no-cache", action="store_true")
    args = parser.parse_args()
    client = Client(HTTP_HOST=(settings.ALLOWED_HOSTS or ["127.0.0.1"])[0])
    if args.officer:
        from allauth.mfa.models import Authenticator
        from allauth.mfa.totp.internal.auth import TOTP
        from django_scopes import scopes_disabled

        from cooperation.models import Officer

        with scopes_disabled():
            user = Officer.objects.get(municipality__slug=args.officer, is_ngo_officer=True).user
        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(user, "JBSWY3DPEHPK3PXP")  # officers need MFA (RequireMFAMiddleware), as pages.py gives
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    overrides = {"DEBUG": True}  # connection.queries is kept only with DEBUG
    if args.no_cache:
        overrides["ANONYMOUS_PAGE_CACHE_SECONDS"] = 0
    with override_settings(**overrides):
        timings = []
        for _ in range(3):
            reset_queries()
            started = time.perf_counter()
            response = client.get(args.path)
            timings.append((time.perf_counter() - started) * 1000)
        queries = list(connection.queries)
        profile = cProfile.Profile()
        profile.enable()
        client.get(args.path)
        profile.disable()
    db_ms = sum(float(q["time"]) for q in queries) * 1000
    print(f"{args.path}: {response.status_code}, {len(response.content):,} bytes, "
          f"X-Page-Cache={response.get('X-Page-Cache')}; {', '.join(f'{t:.0f}' for t in timings)} ms "
          f"(median {statistics.median(timings):.0f}); last request {len(queries)} queries, {db_ms:.1f} ms in SQL")
    for q in sorted(queries, key=lambda q: -float(q["time"]))[:5]:
        print(f"  {float(q['time']) * 1000:7.1f} ms  {q['sql'][:200]}")
    out = io.StringIO()
    pstats.Stats(profile, stream=out).sort_stats("cumulative").print_stats(args.top)
    print(out.getvalue())
    return 0


if __name__ == "__main__":
    sys.exit(main())
