"""The site's navigation leads to Labs for everyone, and the labs staff to their queue."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def nav_of(client) -> str:
    page = client.get(reverse("home")).content.decode()
    return page[
        page.index('<nav class="site-nav"') : page.index(
            "</nav>", page.index('<nav class="site-nav"')
        )
    ]


def test_everyone_finds_labs_in_the_navigation(client):
    nav = nav_of(client)
    assert f'<a href="{reverse("labs:index")}">Labs</a>' in nav
    assert reverse("labs:queue") not in nav


def test_the_labs_staff_find_their_queue(client, labs_staff, resident):
    client.force_login(resident)
    assert reverse("labs:queue") not in nav_of(client)
    client.force_login(labs_staff)
    assert reverse("labs:queue") in nav_of(client)


def test_the_labs_entry_is_marked_current_on_the_labs_page(client):
    page = client.get(reverse("labs:index")).content.decode()
    assert f'<a href="{reverse("labs:index")}" aria-current="page">Labs</a>' in page
