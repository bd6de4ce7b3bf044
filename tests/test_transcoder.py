"""The journey transcoder writes exactly the bytes eventsourcing's JSON transcoder writes."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from decimal import Decimal

from eventsourcing.persistence import DatetimeAsISO, DecimalAsStr, JSONTranscoder, UUIDAsHex
from hypothesis import given
from hypothesis import strategies as st

from journeys import JourneyApp, Nation
from journeys.testing import journey_events
from journeys.transcoder import JourneyTranscoder
from journeys.transcodings import register_journey_transcodings


def transcoder(kind: type[JSONTranscoder]) -> JSONTranscoder:
    made = kind()
    for transcoding in (UUIDAsHex(), DecimalAsStr(), DatetimeAsISO()):
        made.register(transcoding)
    register_journey_transcodings(made)
    return made


STOCK, FAST = transcoder(JSONTranscoder), transcoder(JourneyTranscoder)


@given(journey_events())
def test_journey_events_encode_to_the_stock_bytes(events: list[object]) -> None:
    for event in events:
        state = dict(vars(event))
        state.pop("originator_id")
        state.pop("originator_version")
        encoded = FAST.encode(state)
        assert encoded == STOCK.encode(state)
        assert STOCK.decode(encoded) == state


@given(
    st.dictionaries(
        st.text(),
        st.one_of(
            st.none(),
            st.booleans(),
            st.integers(),
            st.text(),
            st.floats(allow_nan=False),
            st.lists(st.text()),
            st.datetimes(timezones=st.just(UTC)),
            st.uuids(),
            st.frozensets(st.text()),
            st.sampled_from(Nation),
            st.dictionaries(st.text(), st.integers()),
        ),
    )
)
def test_any_state_encodes_to_the_stock_bytes(state: dict[str, object]) -> None:
    assert FAST.encode(state) == STOCK.encode(state)


def test_values_off_the_fast_path_fall_back() -> None:
    state = {
        "amount": Decimal("1.50"),
        "when": datetime(2025, 1, 1, tzinfo=UTC),
        "id": uuid.UUID(int=7),
        "nested": [{"a": 1}],
        "ratio": 0.5,
    }
    assert FAST.encode(state) == STOCK.encode(state)
    assert FAST.encode([1, 2]) == STOCK.encode([1, 2])


def test_the_app_uses_it_unless_told_otherwise() -> None:
    assert isinstance(JourneyApp.in_memory().mapper.transcoder, JourneyTranscoder)
    stock = JourneyApp(
        {
            "PERSISTENCE_MODULE": "eventsourcing.popo",
            "TRANSCODER_TOPIC": "eventsourcing.persistence:JSONTranscoder",
        }
    )
    assert type(stock.mapper.transcoder) is JSONTranscoder
