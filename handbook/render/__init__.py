"""Render stage: Document blocks → PDF bytes. The only package that imports ReportLab."""
