"""Backups of the database and the uploaded files, and their restore (``manage.py backup``,
``manage.py restore``): see the README's "Backup and restore"."""
