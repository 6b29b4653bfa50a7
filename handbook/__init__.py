"""handbook: a personalised, printable infant-massage handbook built from sourced YAML content."""

__version__ = "0.1.0"
