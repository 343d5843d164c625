"""The semantic model of one test file, built once per file by a single walk.

Rules read facts from here; they do not walk the tree again.
"""
