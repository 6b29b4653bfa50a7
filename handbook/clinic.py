"""Moved to handbook.inputs.clinic (what people type lives in handbook/inputs); kept so old imports work."""

from handbook.inputs.clinic import Clinic, clinic_from, load_clinic  # noqa: F401
