"""uncounted: keep the people in the records safe, the evidence verifiable, and count them.

The package is layered (see DESIGN.md): pure libraries (`model`, `linkage`, `estimate`,
`report`) at the centre, storage and cryptography (`vault`, `ledger`, `intake`) around them,
`services` with one function per user action, and thin shells (`cli`, `web`) outside.
"""

__version__ = "0.1.0"
