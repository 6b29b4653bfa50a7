"""Content stage: YAML under content/ → validated, immutable models."""

from handbook.content.loader import load_content
from handbook.content.models import Content

__all__ = ["Content", "load_content"]
