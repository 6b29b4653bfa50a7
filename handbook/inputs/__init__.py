"""What people type: the baby profile, the clinic profile and the roster rows.

One validator per input (a pydantic model that is also the value the pipeline uses), one
`file:line: field: problem` formatter (`problems.py`), bounded YAML (`handbook.yamlsource`) and bounded image
reading (`logo.py`). Nothing here imports the renderer: the check that the fonts can print a text is passed
in by the caller (the pipeline's `cannot_print`), so inputs stay cheap to load and free of ReportLab.
"""
