"""Results frameworks and their tree of results."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import F, Max
from django.utils.translation import gettext as _

from hub.services import ApplicationError
from mel.models import Framework, Result
from mel.models.framework import MAX_LEVELS
from partnerships.models import Partnership


def _clean(obj) -> None:
    from django.core.exceptions import ValidationError

    try:
        obj.full_clean()
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise ApplicationError(messages[0], field=None if field == "__all__" else field) from error


@transaction.atomic
def framework_create(
    *,
    partnership: Partnership,
    name: str,
    level_names: list[str] | None = None,
    description: str = "",
    start_date: datetime.date | None = None,
    end_date: datetime.date | None = None,
) -> Framework:
    if Framework.objects.for_partnership(partnership).filter(name__iexact=name.strip()).exists():
        raise ApplicationError(_("There is already a framework with this name."), field="name")
    framework = Framework(
        partnership=partnership,
        name=name.strip(),
        description=description,
        start_date=start_date,
        end_date=end_date,
    )
    if level_names is not None:
        framework.level_names = level_names
    _clean(framework)
    framework.save()
    return framework


@transaction.atomic
def framework_update(
    *,
    framework: Framework,
    name: str,
    level_names: list[str],
    description: str = "",
    start_date: datetime.date | None = None,
    end_date: datetime.date | None = None,
) -> Framework:
    clash = (
        Framework.objects.for_partnership(framework.partnership)
        .filter(name__iexact=name.strip())
        .exclude(pk=framework.pk)
    )
    if clash.exists():
        raise ApplicationError(_("There is already a framework with this name."), field="name")
    deepest = framework.results.aggregate(depth=Max("depth"))["depth"]
    if deepest is not None and len(level_names) <= deepest:
        raise ApplicationError(
            _("The framework has results %(count)s levels deep: name at least that many levels.")
            % {"count": deepest + 1},
            field="level_names",
        )
    framework.name, framework.level_names = name.strip(), level_names
    framework.description, framework.start_date, framework.end_date = (
        description,
        start_date,
        end_date,
    )
    _clean(framework)
    framework.save()
    return framework


@transaction.atomic
def framework_delete(*, framework: Framework) -> None:
    from mel.models import Indicator

    if Indicator.objects.filter(result__framework=framework).exists():
        raise ApplicationError(
            _("Move or delete the indicators of this framework before deleting it.")
        )
    framework.delete()


def _check_links(partnership, landscape, goals) -> None:
    if landscape is not None and landscape.partnership_id != partnership.pk:
        raise ApplicationError(_("Choose a landscape of this partnership."), field="landscape")
    for goal in goals:
        if goal.partnership_id != partnership.pk:
            raise ApplicationError(
                _("Choose goals of this partnership's landscapes."), field="landscape_goals"
            )
        if landscape is not None and goal.landscape_id != landscape.pk:
            raise ApplicationError(
                _("“%(goal)s” is a goal of another landscape.") % {"goal": goal.title},
                field="landscape_goals",
            )


def _check_parent(framework: Framework, parent: Result | None) -> int:
    if parent is None:
        return 0
    if parent.framework_id != framework.pk:
        raise ApplicationError(_("The parent belongs to another framework."), field="parent")
    depth = parent.depth + 1
    if depth >= min(MAX_LEVELS, len(framework.level_names)):
        raise ApplicationError(
            _("The framework has %(count)s levels; a result cannot go deeper.")
            % {"count": len(framework.level_names)},
            field="parent",
        )
    return depth


def _next_position(framework: Framework, parent: Result | None) -> int:
    top = framework.results.filter(parent=parent).aggregate(top=Max("position"))["top"]
    return 0 if top is None else top + 1


@transaction.atomic
def result_create(
    *,
    framework: Framework,
    title: str,
    parent: Result | None = None,
    code: str = "",
    description: str = "",
    landscape=None,
    landscape_goals=(),
) -> Result:
    goals = list(landscape_goals)
    _check_links(framework.partnership, landscape, goals)
    result = Result(
        partnership=framework.partnership,
        framework=framework,
        parent=parent,
        depth=_check_parent(framework, parent),
        code=code.strip(),
        title=title.strip(),
        description=description,
        landscape=landscape,
        position=_next_position(framework, parent),
    )
    _clean(result)
    result.save()
    result.landscape_goals.set(goals)
    return result


@transaction.atomic
def result_update(
    *,
    result: Result,
    title: str,
    code: str = "",
    description: str = "",
    landscape=None,
    landscape_goals=(),
) -> Result:
    goals = list(landscape_goals)
    _check_links(result.partnership, landscape, goals)
    result.title, result.code, result.description, result.landscape = (
        title.strip(),
        code.strip(),
        description,
        landscape,
    )
    _clean(result)
    result.save()
    result.landscape_goals.set(goals)
    return result


def _subtree_height(result: Result) -> int:
    """How many levels lie below ``result`` (0 for a leaf)."""
    rows = list(Result.objects.filter(framework_id=result.framework_id).values("pk", "parent_id"))
    children: dict = {}
    for row in rows:
        children.setdefault(row["parent_id"], []).append(row["pk"])

    def height(pk) -> int:
        return max((1 + height(child) for child in children.get(pk, [])), default=0)

    return height(result.pk)


def _descendant_ids(result: Result) -> list[int]:
    rows = list(Result.objects.filter(framework_id=result.framework_id).values("pk", "parent_id"))
    children: dict = {}
    for row in rows:
        children.setdefault(row["parent_id"], []).append(row["pk"])
    found, stack = [], [result.pk]
    while stack:
        pk = stack.pop()
        for child in children.get(pk, []):
            found.append(child)
            stack.append(child)
    return found


@transaction.atomic
def result_move(*, result: Result, parent: Result | None, position: int | None = None) -> Result:
    """Hang ``result`` (with its subtree) under ``parent`` (None: top level)."""
    framework = result.framework
    if parent is not None and (parent.pk == result.pk or parent.pk in _descendant_ids(result)):
        raise ApplicationError(_("A result cannot move under itself."), field="parent")
    depth = 0 if parent is None else parent.depth + 1
    levels = min(MAX_LEVELS, len(framework.level_names))
    if depth + _subtree_height(result) >= levels:
        raise ApplicationError(
            _("Moved there, the results below it would go deeper than the %(count)s levels.")
            % {"count": levels},
            field="parent",
        )
    shift = depth - result.depth
    if shift:
        descendants = _descendant_ids(result)
        Result.objects.filter(pk__in=descendants).update(depth=F("depth") + shift)
    result.parent = parent
    result.depth = depth
    siblings = list(
        framework.results.filter(parent=parent).exclude(pk=result.pk).order_by("position", "pk")
    )
    index = len(siblings) if position is None else max(0, min(position, len(siblings)))
    siblings.insert(index, result)
    for number, sibling in enumerate(siblings):
        if sibling.pk != result.pk and sibling.position != number:
            Result.objects.filter(pk=sibling.pk).update(position=number)
    result.position = index
    result.save(update_fields=["parent", "depth", "position", "updated_at"])
    return result


@transaction.atomic
def result_move_step(*, result: Result, step: int) -> Result:
    """Up (-1) or down (+1) among its siblings."""
    siblings = list(
        result.framework.results.filter(parent_id=result.parent_id).order_by("position", "pk")
    )
    index = next(i for i, row in enumerate(siblings) if row.pk == result.pk)
    return result_move(result=result, parent=result.parent, position=max(0, index + step))


@transaction.atomic
def result_delete(*, result: Result) -> None:
    from mel.models import Indicator

    ids = [result.pk, *_descendant_ids(result)]
    if Indicator.objects.filter(result_id__in=ids).exists():
        raise ApplicationError(
            _("This result (or one below it) has indicators: move or delete them first.")
        )
    result.delete()
