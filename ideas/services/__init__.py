"""Every write about suggestions, one module per feature. The pages, the API, meeting minutes
and the demo call these functions and never change this state themselves.

Each function takes keyword arguments with the acting person as ``actor``, runs in one
transaction, checks the right with ``ideas.permissions``, writes the event row where the entity
has a lifecycle, writes its notifications in the same transaction (``notifications``, the
outbox) and queues other side effects (indexing) after the commit.
"""
