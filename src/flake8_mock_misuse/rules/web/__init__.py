"""MM3xx, internals instead of the real path: web-application tests whose subject is a view or the
persistence layer, called directly instead of through an endpoint.

``facts`` decides whether a file is about a web application (``framework``) and which of its tests
go through an endpoint (``endpoints``); the rules look for views called directly and persistence
exercised without an endpoint (``views``).  A file of a project that is no web application loads
only ``framework``.
"""
