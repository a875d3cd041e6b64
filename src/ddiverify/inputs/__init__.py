"""inputs: the user's PATHs (directories, sources, .vcxproj, compile_commands.json) and
preprocessor options, turned into the translation units of a run; safe reading of text.
"""

from ddiverify.inputs.collect import collect_inputs
from ddiverify.inputs.sources import (
    InputSet,
    Language,
    SourceFile,
    display_path,
    read_text,
)

__all__ = ["InputSet", "Language", "SourceFile", "collect_inputs", "display_path", "read_text"]
