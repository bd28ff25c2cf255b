"""kg: news articles -> event knowledge graph."""

__version__ = "0.1.0"
