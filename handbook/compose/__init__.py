"""Compose stage: personalised context + edition → an ordered list of typed blocks (no ReportLab)."""
