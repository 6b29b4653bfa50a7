"""Moved to handbook.inputs.roster (what people type lives in handbook/inputs); kept so old imports work."""

from handbook.inputs.roster import RosterRow, read_roster  # noqa: F401
