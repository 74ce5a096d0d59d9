"""Formats where Django's own do not fit a site in Finland (``FORMAT_MODULE_PATH``).

``<language>/formats.py`` here is read before Django's formats for that language: a name it
sets wins, and every name it leaves out still comes from Django.
"""
