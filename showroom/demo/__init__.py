"""The showroom demo, which ``manage.py seed_demo`` finds as ``showroom.demo.seed``: a listing
for each labelled demo product of ``labs.demo`` (``company@`` represents the first company),
across every category and label level. Three have left the catalogue because of their label
(expired, withdrawn, superseded by the newer version's, whose listing is listed), one has a
change waiting for the editors (``editor@``), and the listed ones have interest,
professionals' recommendations and feedback, one of them hidden by the editor.

Everything goes through the showroom services inside ``quiet()``: the events and the site's
notifications are the real ones, and nobody is e-mailed. Idempotent: a database that has
listings gets nothing new.
"""

from showroom.demo.seeding import seed

__all__ = ["seed"]
