"""ddiverify: static verification of Windows Storport miniport drivers against DDI rules.

The package is a one-way pipeline; each step is a subpackage:
inputs -> frontend -> ir -> harness -> engine -> rules -> report -> cli.
"""

__version__ = "0.1.0"
