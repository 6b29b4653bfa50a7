"""The years a date may fall in: far-future dates overflow date arithmetic (year 9999 + 24 months)."""

YEARS = (1900, 2999)
