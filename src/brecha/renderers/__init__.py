"""Renderers: pure functions from a command's result to text or a rich renderable.

Which formats each command offers, and which function renders each, is in
:mod:`brecha.renderers.formats`.
"""
