"""The Labs demo, which ``manage.py seed_demo`` finds as ``labs.demo.seed``: test environments
in each of the county's six areas, three companies (the demo sign-in ``company@`` represents
the first), applications in every state of the lifecycle, labels of each level (one expired,
one withdrawn, one replaced by its newer version's) and a call to companies on a demo
suggestion.

Everything goes through the Labs services inside ``quiet()``: the events and the site's
notifications are the real ones, and nobody is e-mailed. Idempotent: a database that has the
demo companies gets nothing new.
"""

from labs.demo.seeding import seed

__all__ = ["seed"]
