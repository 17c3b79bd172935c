"""The one exception the importer raises for input it cannot use."""

from core.errors import OneLineError


class PlanImportError(OneLineError):
    """A one-line, translated message for the person importing the plan.

    Raised for bad input (empty, binary or unreadable files, no plan structure),
    an unknown unit or an existing plan. Anything else that goes wrong is a bug
    and is left to propagate.
    """


class PlanExistsError(PlanImportError):
    """The unit already has a plan for that year and replacing it was not asked for."""
