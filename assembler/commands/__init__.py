"""The library behind each command, one function each, called by `assembler.cli` with keyword
arguments: `build.build_reports` and `build.check_inputs` (build, check), `forms.generate_forms`,
`workspace.init_workspace` (init), `lint.lint`; `adoption.adopt.adopt` (adopt) and
`install.bundle.make_bundle` (bundle) are called as they are.

May import: `model`, `reading`, `compute`, `writing`, `adoption`, `install`.
"""
