"""The published API of suggestions and of the groups' work on them: ``views`` and ``urls``
under ``/api/v1/suggestions/``, ``group_views`` and ``group_urls`` under ``/api/v1/groups/``,
and the ``serializers`` both use."""
