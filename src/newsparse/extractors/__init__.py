"""Built-in extractors. Each registers through the ``newsparse.extractors`` entry-point
group in newsparse's own pyproject, exactly like a third-party plugin."""
