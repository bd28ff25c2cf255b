"""kg's exceptions.

    KgError                  base; the CLI prints its message as one line, exit 1
     +-- InputError          a path, file or corpus line that cannot be read as an article
     |    +-- FetchError     a URL that cannot be fetched (network, HTTP status, robots.txt, size)
     +-- ModelError          the spaCy pipeline cannot be loaded
     +-- QueryError          a SPARQL query or a graph file that cannot be used
     +-- LexiconError        a lexicon file whose content cannot be used
"""


class KgError(Exception):
    """Base class of every error kg reports to the user."""


class InputError(KgError):
    """Input that cannot be read as an article."""


class FetchError(InputError):
    """A URL that cannot be fetched as an article: the message names the URL and why."""


class ModelError(KgError):
    """A spaCy pipeline that cannot be loaded."""


class QueryError(KgError):
    """A query or graph that cannot be used."""


class LexiconError(KgError):
    """A lexicon file (kg/lexicons or the KG_LEXICONS folder) that cannot be used."""
