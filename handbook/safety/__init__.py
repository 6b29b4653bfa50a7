"""The safety engine's build-time side: every string a handbook prints is checked for this baby, not only the
content files (brief §6, "the safety engine sees everything").

`printed_problems` runs the wording rule (R13), the minimum-age rules (R09/R09b) and the red-flag age rule (R17)
over the composed document, including text the code writes (headings, legends, "Coming later").
"""

from handbook.safety.printed import assert_printed_safe, printed_problems

__all__ = ["assert_printed_safe", "printed_problems"]
