"""Moved to handbook.inputs.profile (what people type lives in handbook/inputs); kept so old imports work."""

from handbook.inputs.profile import (  # noqa: F401
    FIELDS,
    Baby,
    baby_from,
    check_course_start,
    check_dates,
    load_profile,
    parse_bool,
    parse_date,
)
