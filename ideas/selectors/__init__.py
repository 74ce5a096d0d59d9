"""Every read of suggestions that is more than a ``get``: lists, pages and panels, one module
per feature. Each runs a fixed number of queries however many rows it reads.
"""
