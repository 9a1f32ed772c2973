"""The built-in demo world: fictional municipalities, their websites and national source files.

Everything is generated deterministically by :mod:`flows.demo.world` (no network, no files from
outside the repository), served on 127.0.0.1 by :mod:`flows.demo.sites`, and run through the same
``monthly-index`` flow as a live month by :mod:`flows.demo.runner`.
"""
