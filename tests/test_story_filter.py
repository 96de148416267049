"""One stories-list filter (``records.StoryFilter``): the store and the web app's in-memory
sources apply the same outlet and date rules, and an unknown id is ``NotFound`` in both."""

from __future__ import annotations

import pytest
from builders import article

from storyweave.errors import NotFound
from storyweave.records import StoryFilter
from storyweave.web.data import MemorySource


def test_story_filter_rules() -> None:
    assert not StoryFilter() and not StoryFilter.of(query="", outlet=None)
    flt = StoryFilter(outlet="the daily", since="2016-10-01", until="2016-10-31")
    assert flt.has_outlet(["The Daily", "Other"]) and not flt.has_outlet(["Other"])
    assert flt.overlaps("2016-09-20", "2016-10-02")      # the spans overlap
    assert not flt.overlaps("2016-11-01", "2016-11-03")  # wholly after
    assert not flt.overlaps("2016-09-01", "2016-09-30")  # wholly before
    assert flt.overlaps(None, None)                      # undated: nothing says it is outside
    assert StoryFilter(query="Aleppo ceasefire").has_words("the ALEPPO truce, a ceasefire")
    assert not StoryFilter(query="aleppo mosul").has_words("aleppo only")


def test_memory_source_uses_the_same_filter_and_raises_not_found() -> None:
    source = MemorySource()
    dated = source.add([article("Rebels left the city on Monday, officials said.", outlet="The Daily",
                                published="2016-10-05")])
    undated = source.add([article("The river rose again overnight, the mayor said.", outlet="Other")])
    assert [s.id for s in source.stories(outlet="THE DAILY")] == [dated.id]
    assert {s.id for s in source.stories(since="2016-10-01")} == {dated.id, undated.id}
    assert [s.id for s in source.stories(until="2016-09-30")] == [undated.id]
    assert [s.id for s in source.stories(StoryFilter(query="river mayor"))] == [undated.id]
    with pytest.raises(NotFound):
        source.story("nope")
    with pytest.raises(KeyError):  # still a KeyError for older callers
        source.article("nope")
