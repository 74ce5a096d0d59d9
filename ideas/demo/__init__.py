"""The suggestions' demo data, which ``manage.py seed_demo`` finds as ``ideas.demo.seed``.

- ``suggestions``: the suggestions themselves, their supports, comments and follows;
- ``handling``: the groups' handling of them, through the services;
- ``texts``: the realistic texts, shared with the benchmark.
"""

from ideas.demo.suggestions import seed

__all__ = ["seed"]
