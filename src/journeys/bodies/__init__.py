"""Public bodies, the tier and nations they serve, and the catalogue that names them.

Journey events name bodies by stable string ids (``"hmrc"``, ``"council:E06000023"``);
a :class:`Catalogue` resolves an id to a :class:`Body`. Catalogues load from TOML
or CSV files, and every problem in a file is reported with the file, the line and
the offending value.

Every name is imported from here (``from journeys.bodies import Catalogue``); each
lives in the module named for it: :mod:`~journeys.bodies.nation`,
:mod:`~journeys.bodies.tier`, :mod:`~journeys.bodies.body`,
:mod:`~journeys.bodies.boundary`, :mod:`~journeys.bodies.source` (a body's public
sources), :mod:`~journeys.bodies.catalogue` and
:mod:`~journeys.bodies.catalogue_files` (the TOML and CSV formats). ``Body``,
``Catalogue``, ``Nation`` and ``Tier`` are also at the top level, with the
bundled :func:`~journeys.data.uk_catalogue`.
"""

from journeys.bodies.body import Body
from journeys.bodies.boundary import Boundary
from journeys.bodies.catalogue import Catalogue
from journeys.bodies.nation import ALL_NATIONS, Nation, parse_nation
from journeys.bodies.source import Source
from journeys.bodies.tier import Tier, parse_tier

__all__ = [
    "ALL_NATIONS",
    "Body",
    "Boundary",
    "Catalogue",
    "Nation",
    "Source",
    "Tier",
    "parse_nation",
    "parse_tier",
]
