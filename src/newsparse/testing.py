"""Golden-file testing for extractor authors (also a pytest plugin). Filled in by issue 4."""
