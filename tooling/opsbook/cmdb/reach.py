"""How far every item's failure reaches, worked out once for the whole CMDB.

Each asset and service page prints how many services and assets its failure affects and how
many links its diagram could draw. Walking downstream from each item to count them costs O(n)
per page, O(n^2) along a chain of n assets. Instead each item's reach is a set of bits (a
Python int, one bit per item in ID order), built bottom up in one pass:
reach(v) = bit(v) | reach(c) for every c that v's failure travels to. Items in a dependency
cycle reach each other, so each strongly connected group is collapsed into one node first (the
site is built even when validation reports a cycle). Totals are then bit counts, and the
links a failure travels along are counted the same way, one bit per link.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from opsbook.graph_search import strong_components


class ReachIndex:
    """Every item's reach as bits. `downstream` gives, for each item, the item at the far end
    of each link its failure travels along (once per link: two links between the same items
    are two links in a diagram)."""

    def __init__(self, items: Iterable[str], downstream: dict[str, list[str]]) -> None:
        self.ids = sorted({*items, *downstream, *(a for affected in downstream.values() for a in affected)})
        self.bit = {item: 1 << position for position, item in enumerate(self.ids)}
        self._downstream = downstream
        # Each item's own links as a run of bits, so a set of links is a bit count away.
        self._own_links: dict[str, int] = {}
        self._into: dict[str, list[str]] = {}
        first = 0
        for item, affected in downstream.items():
            self._own_links[item] = ((1 << len(affected)) - 1) << first
            first += len(affected)
            for other in affected:
                self._into.setdefault(other, []).append(item)
        self._reach: dict[str, int] = {}
        self._links: dict[str, int] = {}
        for group in strong_components(self.ids, lambda item: downstream.get(item, [])):
            self._collapse(group)

    def _collapse(self, group: set[str]) -> None:
        """One group's reach and links: its own, and those of every group it leads to (done
        already: strong_components yields a group after every group it leads to)."""
        reach = links = 0
        for item in group:
            reach |= self.bit[item]
            links |= self._own_links.get(item, 0)
            for other in self._downstream.get(item, ()):
                if other not in group:
                    reach |= self._reach[other]
                    links |= self._links[other]
        for item in group:
            self._reach[item], self._links[item] = reach, links

    def reach(self, origin: str) -> int:
        """The bits of `origin` and of everything its failure reaches."""
        return self._reach.get(origin, 0)

    def affected(self, origin: str) -> int:
        """The bits of everything `origin`'s failure reaches, itself left out even in a cycle."""
        return self.reach(origin) & ~self.bit.get(origin, 0)

    def holds(self, bits: int, item: str) -> bool:
        return bool(bits & self.bit.get(item, 0))

    def mask(self, items: Iterable[str]) -> int:
        bits = 0
        for item in items:
            bits |= self.bit.get(item, 0)
        return bits

    def members(self, bits: int) -> Iterator[str]:
        """The items whose bits are set, in ID order, found as they are asked for: a page that
        needs the first few of 3,000 reads only as far as those."""
        ones = bin(bits)[:1:-1]  # the lowest bit first, one character per bit
        position = ones.find("1")
        while position >= 0:
            yield self.ids[position]
            position = ones.find("1", position + 1)

    def link_count(self, origin: str) -> int:
        """How many links failure travels along from `origin` to what it reaches: the links out
        of `origin` and of every item it reaches, less those leading back into `origin`."""
        reach = self.reach(origin)
        back = sum(1 for failing in self._into.get(origin, ()) if reach & self.bit[failing])
        return self._links.get(origin, 0).bit_count() - back
