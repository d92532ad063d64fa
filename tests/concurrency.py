"""Real concurrency for the PostgreSQL tests of row locks: jobs started at the same moment in threads."""

import threading

from django.db import connection
from django_scopes import scopes_disabled


def run_together(jobs) -> list:
    """Start every job at once (a barrier), each in its own thread and database connection, outside any
    municipality's scope; return what each returned or the exception it raised, in the jobs' order."""
    barrier = threading.Barrier(len(jobs))
    results = [None] * len(jobs)

    def work(index, job):
        try:
            barrier.wait()
            with scopes_disabled():
                results[index] = job()
        except Exception as error:  # noqa: BLE001 - the test inspects what each thread met
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=work, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results
