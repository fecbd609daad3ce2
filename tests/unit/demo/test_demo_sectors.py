"""The demo's two chlor-alkali producers share one industry group (QA34 S22).

Linhai (氯碱) and Xiling (氯碱及聚氯乙烯) were in two sector groups of one member each, so
neither ever met the other nor got industry statistics.
"""

from __future__ import annotations

from rcapp.demo import world


def test_the_chlor_alkali_producers_name_their_sector_the_same_way() -> None:
    by_key = {spec.key: spec for spec in world.COMPANIES}
    assert by_key["linhai-chlor"].sector == by_key["xiling-chem"].sector == "氯碱"
