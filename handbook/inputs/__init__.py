"""What people type: the baby profile, the clinic profile and the roster rows.

One validator per input (a pydantic model; for the baby profile, the twin in `profile_schema.py` of the plain
value the pipeline uses, consulted only for fields that are not plainly well formed), one
`file:line: field: problem` formatter (`problems.py`), bounded YAML (`handbook.yamlsource`) and bounded image
reading (`logo.py`). Nothing here imports the renderer: the check that the fonts can print a text is passed
in by the caller (the pipeline's `cannot_print`), so inputs stay cheap to load and free of ReportLab.
"""
