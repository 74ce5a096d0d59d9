import threading
from datetime import datetime

import pytest
from django.db import connection, connections

from ideas.services.submission import next_reference


@pytest.mark.django_db
def test_it_numbers_references_per_year_from_one():
    first = next_reference(datetime(2026, 5, 1))
    second = next_reference(datetime(2026, 5, 2))
    other_year = next_reference(datetime(2027, 1, 1))

    assert (first, second, other_year) == ("2026-000001", "2026-000002", "2027-000001")


@pytest.mark.django_db(transaction=True)
def test_it_never_gives_the_same_reference_twice_under_concurrency():
    results: list[str] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(8)

    def take():
        try:
            barrier.wait()
            for _ in range(10):
                results.append(next_reference(datetime(2026, 6, 1)))
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=take) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert len(results) == 80
    assert len(set(results)) == 80
    assert max(results) == "2026-000080"
    connection.close()
