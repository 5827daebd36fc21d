"""Frameworks, the result tree and its diagram layout."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, QuerySet

from mel.models import Framework, Indicator, Result
from partnerships.models import Partnership


def framework_list(*, partnership: Partnership) -> QuerySet[Framework]:
    return Framework.objects.for_partnership(partnership).annotate(
        result_count=Count("results", distinct=True)
    )


def result_list(*, partnership: Partnership) -> QuerySet[Result]:
    return (
        Result.objects.for_partnership(partnership)
        .select_related("framework", "landscape", "parent")
        .prefetch_related("landscape_goals")
        .order_by("framework__name", "depth", "position", "pk")
    )


@dataclass
class Node:
    result: Result
    children: list[Node] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    x: float = 0
    y: float = 0
    lines: list[str] = field(default_factory=list)


def result_tree(*, framework: Framework) -> list[Node]:
    """The framework's results as nested nodes (3 queries whatever the size)."""
    results = list(
        framework.results.select_related("landscape")
        .prefetch_related(
            "landscape_goals",
            Prefetch("indicators", queryset=Indicator.objects.order_by("code")),
        )
        .order_by("depth", "position", "pk")
    )
    nodes = {r.pk: Node(result=r, indicators=list(r.indicators.all())) for r in results}
    roots: list[Node] = []
    for result in results:
        node = nodes[result.pk]
        result.framework = framework
        parent = nodes.get(result.parent_id)
        (parent.children if parent else roots).append(node)
    return roots


def flatten(roots: list[Node]) -> list[Node]:
    out: list[Node] = []

    def walk(node: Node) -> None:
        out.append(node)
        for child in node.children:
            walk(child)

    for root in roots:
        walk(root)
    return out


@dataclass
class Diagram:
    width: int
    height: int
    nodes: list[Node]
    edges: list[str]
    node_width: int
    node_height: int
    levels: list[tuple[str, float]]


def tree_layout(roots: list[Node], level_names: list[str]) -> Diagram:
    """A tidy top-down layout: leaves take consecutive slots, a parent sits centred
    over its children; one row per level."""
    node_w, node_h, gap_x, gap_y, margin, label_w = 170, 64, 16, 44, 12, 0
    slot = node_w + gap_x
    next_slot = [0]

    def place(node: Node, depth: int) -> None:
        node.y = margin + depth * (node_h + gap_y)
        if node.children:
            for child in node.children:
                place(child, depth + 1)
            node.x = (node.children[0].x + node.children[-1].x) / 2
        else:
            node.x = margin + label_w + next_slot[0] * slot
            next_slot[0] += 1
        title = f"{node.result.code} {node.result.title}".strip()
        lines = textwrap.wrap(title, 24)[:3]
        if len(textwrap.wrap(title, 24)) > 3:
            lines[-1] = lines[-1][:21] + "…"
        node.lines = lines

    for root in roots:
        place(root, 0)
    nodes = flatten(roots)
    edges = []
    for node in nodes:
        for child in node.children:
            x1, y1 = node.x + node_w / 2, node.y + node_h
            x2, y2 = child.x + node_w / 2, child.y
            middle = (y1 + y2) / 2
            edges.append(
                f"M{x1:.1f} {y1:.1f} C{x1:.1f} {middle:.1f}, {x2:.1f} {middle:.1f}, {x2:.1f} {y2:.1f}"
            )
    depth = max((n.result.depth for n in nodes), default=0)
    width = int(margin * 2 + max(next_slot[0], 1) * slot - gap_x)
    height = int(margin * 2 + (depth + 1) * (node_h + gap_y) - gap_y)
    levels = [
        (level_names[d] if d < len(level_names) else "", margin + d * (node_h + gap_y))
        for d in range(depth + 1)
    ]
    return Diagram(width, height, nodes, edges, node_w, node_h, levels)
