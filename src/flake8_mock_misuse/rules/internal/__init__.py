"""MM9xx, the plugin's own trouble on a file: reported by the adapters (the flake8 plugin, the audit) when
the analysis of a file fails, never by the analysis itself."""
