"""An example newsparse plugin: an extractor for The Example Gazette, an invented site.

Installed, it is found by newsparse through the ``newsparse.extractors`` entry point
declared in this package's ``pyproject.toml``; nothing here is imported until newsparse
needs the extractor.
"""

from newsparse_example_site.gazette import GazetteExtractor

__all__ = ["GazetteExtractor"]
__version__ = "0.1.0"
