"""Health figures of partnerships for the hub staff coordination dashboard.

``hub`` knows no domain app: each app registers the figures it can compute (from its
``AppConfig.ready()``), and the dashboard asks each for the partnerships of one page. A
figure computes the values of all those partnerships at once — a fixed number of queries
whatever the page size.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class HealthFigure:
    key: str
    label: str
    # partnership ids → {id: value}; a missing id means "nothing to show".
    compute: Callable[[Sequence[int]], dict[int, Any]]
    # "number", "percent", "date" or "money" (value: finance Converted or None)
    kind: str = "number"
    # value → True when hub staff should look at this partnership
    needs_attention: Callable[[Any], bool] | None = None
    order: int = 100
    help_text: str = ""


_figures: dict[str, HealthFigure] = {}


def register_health_figure(figure: HealthFigure) -> None:
    _figures[figure.key] = figure


def health_figures() -> list[HealthFigure]:
    return sorted(_figures.values(), key=lambda figure: (figure.order, figure.key))


@dataclass(frozen=True)
class DashboardPanel:
    """A block of initiative-wide figures (e.g. the scorecard) on the dashboard;
    ``compute(country=...)`` returns rows of {"label", "value", "unit", "note"}."""

    key: str
    title: str
    compute: Callable[..., list[dict]]
    link_url_name: str = ""
    link_text: str = ""
    order: int = 100


_panels: dict[str, DashboardPanel] = {}


def register_dashboard_panel(panel: DashboardPanel) -> None:
    _panels[panel.key] = panel


def dashboard_panels() -> list[DashboardPanel]:
    return sorted(_panels.values(), key=lambda panel: (panel.order, panel.key))
