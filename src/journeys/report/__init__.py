"""``journeys report``: one self-contained HTML file to open in any browser and to email.

:func:`build_report` returns the page as text; :func:`write_report` writes it
whole (or not at all). The page holds the headline figures, the findings by kind
and by boundary (sortable tables), the journey map, the hand-off network and the
top variants as pictures with pan and zoom (hover for details), a tab per
nation and per life event (each a filtered analysis), and a journey finder that
searches every journey by id or case id and shows the timelines of the journeys
with the most gaps. Its scripts and styles are inlined (svg-pan-zoom and
sortable-tablesort are vendored with their licences in ``report/vendor``), its
Content-Security-Policy lets nothing load, and every value from the store is
escaped (:mod:`journeys.report.escape`).
"""

from journeys.report.build import build_report, write_report
from journeys.report.data import DEFAULT_TIMELINES, DEFAULT_VARIANTS

__all__ = ["DEFAULT_TIMELINES", "DEFAULT_VARIANTS", "build_report", "write_report"]
