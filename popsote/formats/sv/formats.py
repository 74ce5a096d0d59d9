"""Finland-Swedish dates and times: 1.12.2026, kl. 14.05.

Django's ``sv`` formats are those of Sweden (2026-12-01, 14:05). Swedish speakers in Finland
write the day first with full stops, as in Finnish, and put a full stop between hours and
minutes. What is not set here (month names, numbers) still comes from Django's ``sv``.
"""

TIME_FORMAT = "G.i"
DATETIME_FORMAT = r"j F Y \k\l. G.i"
SHORT_DATE_FORMAT = "j.n.Y"
SHORT_DATETIME_FORMAT = r"j.n.Y \k\l. G.i"
# What people type is read the Finnish way first; the international form is accepted too.
DATE_INPUT_FORMATS = [
    "%d.%m.%Y",  # '1.12.2026'
    "%d.%m.%y",  # '1.12.26'
    "%Y-%m-%d",  # '2026-12-01'
]
DATETIME_INPUT_FORMATS = [
    "%d.%m.%Y %H.%M",  # '1.12.2026 14.05'
    "%d.%m.%Y %H:%M",  # '1.12.2026 14:05'
    "%d.%m.%Y %H.%M.%S",  # '1.12.2026 14.05.30'
    "%Y-%m-%d %H:%M",  # '2026-12-01 14:05'
    "%Y-%m-%d %H:%M:%S",  # '2026-12-01 14:05:30'
]
TIME_INPUT_FORMATS = [
    "%H.%M",  # '14.05'
    "%H:%M",  # '14:05'
    "%H.%M.%S",  # '14.05.30'
    "%H:%M:%S",  # '14:05:30'
]
