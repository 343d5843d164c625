"""What a name in a test *is*: the one place where names are resolved and classified.

- ``names``: qualified dotted names of expressions from one file's imports and bindings.
- ``known``: tables of libraries (HTTP clients, databases, mock APIs, transport fakes).
- ``project``: the linted project's own modules, found under the source roots and followed.
- ``summary``: what one project module binds, read once with the stdlib parser and kept small.
- ``classify``: a dotted name to an integration point (HTTP client, database) or nothing.
"""
