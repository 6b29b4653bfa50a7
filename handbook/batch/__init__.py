"""Clinic batches: a roster CSV in, one handbook per row out, bad rows reported without stopping the rest."""
